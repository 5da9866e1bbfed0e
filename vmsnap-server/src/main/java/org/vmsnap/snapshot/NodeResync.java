package org.vmsnap.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DiskStatus;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.NodeReturned;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.VmsnapException;

/**
 * A node that comes back from a silence may have changed while nobody could ask it (an operator's hand, a task cut
 * off): each of its deployed disks gets a sync task (rows against the image's snapshot table), queued on the disk's
 * lane before any work asked after the node's return.
 */
@Component
class NodeResync {
    private static final Logger log = LoggerFactory.getLogger(NodeResync.class);

    private final InventoryService inventory;
    private final AccessService access;
    private final SnapshotService snapshots;

    NodeResync(InventoryService inventory, AccessService access, SnapshotService snapshots) {
        this.inventory = inventory;
        this.access = access;
        this.snapshots = snapshots;
    }

    @EventListener
    void onReturn(NodeReturned event) {
        for (Vm vm : inventory.vmsOnNode(event.hostname())) {
            if (!vm.installed() || !vm.state().operational()) {
                continue;
            }
            for (Disk disk : inventory.disks(vm)) {
                if (disk.status() != DiskStatus.READY || disk.position() == null) {
                    continue;
                }
                try {
                    snapshots.sync(access.systemCaller(vm.dcId()), vm.uuid(), disk.position());
                } catch (VmsnapException e) {
                    log.warn(
                            "no sync of {} disk {} after node {} returned: {}",
                            vm.hostname(),
                            disk.position(),
                            event.hostname(),
                            e.getMessage());
                }
            }
        }
        log.info("node {} is back: its disks are synced before new work", event.hostname());
    }
}

package org.vmsnap.snapshot;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.runtime.VmStopped;

/**
 * Snapshots of a running VM get their sizes when it stops: the event comes inside the task that saw the VM stop,
 * which holds all of the VM's disks, so nothing else touches the images meanwhile.
 */
@Component
class StoppedVmSizes {
    private final InventoryService inventory;
    private final SnapshotWorker worker;

    StoppedVmSizes(InventoryService inventory, SnapshotWorker worker) {
        this.inventory = inventory;
        this.worker = worker;
    }

    @EventListener
    void onVmStopped(VmStopped event) {
        inventory.vm(event.vmId()).ifPresent(vm -> inventory.disks(vm).forEach(worker::refreshSizes));
    }
}

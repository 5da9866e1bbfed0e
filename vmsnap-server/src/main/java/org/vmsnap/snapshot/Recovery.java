package org.vmsnap.snapshot;

import java.util.EnumSet;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.DiskStatus;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.VmState;
import org.vmsnap.task.Task;

/** After a crash: the disks an interrupted task touched are reconciled and the VMs it held are freed. */
@Component
class Recovery {
    private final InventoryService inventory;
    private final Reconciler reconciler;

    Recovery(InventoryService inventory, Reconciler reconciler) {
        this.inventory = inventory;
        this.reconciler = reconciler;
    }

    void recover(Task interrupted) {
        for (Long diskId : interrupted.diskIds()) {
            inventory
                    .diskById(diskId)
                    .filter(d -> d.status() == DiskStatus.READY)
                    .ifPresent(reconciler::recover);
        }
        for (Long diskId : interrupted.diskIds()) {
            inventory
                    .diskById(diskId)
                    .map(d -> d.vmId())
                    .ifPresent(vmId -> inventory.transition(vmId, EnumSet.of(VmState.NOTREADY), VmState.STOPPED));
        }
    }
}

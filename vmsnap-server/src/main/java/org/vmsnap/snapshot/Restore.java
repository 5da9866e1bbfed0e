package org.vmsnap.snapshot;

import java.util.List;
import java.util.Map;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;

/** The checks and the start of a restore into another VM's disk, in Danube's order. One use per call. */
final class Restore {
    private final SnapshotService service;
    private final InventoryService inventory;
    private final Caller caller;
    private final RestoreCommand command;

    Restore(SnapshotService service, Caller caller, RestoreCommand command) {
        this.service = service;
        this.inventory = service.inventory();
        this.caller = caller;
        this.command = command;
    }

    Task submit() {
        Vm source = inventory.vm(caller, command.vmRef());
        Disk sourceDisk = inventory.deployedDisk(source, command.diskPosition());
        Snapshot snapshot = service.find(sourceDisk, command.name()).snapshot();
        Vm target = targetVm();
        if (target.id() == source.id()) {
            NewerSnapshots newer = command.force() ? NewerSnapshots.DISCARD : NewerSnapshots.REFUSE;
            return service.rollback(caller, command.vmRef(), command.diskPosition(), command.name(), newer);
        }
        Disk targetDisk = targetDisk(target);
        service.requireNode(source);
        service.requireNode(target);
        SnapshotService.requireOperational(caller, target);
        if (!target.brand().equals(source.brand())) {
            throw new RuleViolationException(Rule.BRAND_MISMATCH);
        }
        if (targetDisk.sizeMb() != sourceDisk.sizeMb()) {
            throw new RuleViolationException(Rule.DISK_SIZE_MISMATCH);
        }
        SnapshotService.requireOperational(caller, source);
        SnapshotService.requireOk(snapshot);
        if (!command.force() && service.store().countOnDisk(targetDisk.id()) > 0) {
            throw new RuleViolationException(Rule.TARGET_VM_HAS_SNAPSHOTS);
        }
        service.requireStoppedAndIdle(target);
        VmState sourceState = source.state();
        service.lockVm(target, VmState.STOPPED);
        service.lockVm(source, sourceState);
        if (!service.store().setStatus(snapshot.id(), SnapshotStatus.OK, SnapshotStatus.ROLLBACK)) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        String detail = "snapname='%s', disk_id=%d, source_hostname='%s', target_hostname='%s', target_disk_id=%d"
                .formatted(
                        command.name(),
                        command.diskPosition(),
                        source.hostname(),
                        target.hostname(),
                        command.targetDiskPosition());
        var request = SnapshotService.request(
                TaskKind.SNAPSHOT_RESTORE,
                caller,
                target,
                List.of(sourceDisk, targetDisk),
                false,
                Map.of("snapname", command.name(), "target_hostname", target.hostname()),
                "Rollback snapshot of server's disk",
                detail);
        return service.tasks()
                .submit(
                        request,
                        () -> service.worker().restore(source, sourceDisk, snapshot, target, targetDisk, sourceState));
    }

    private Vm targetVm() {
        try {
            return inventory.vm(caller, command.targetVmRef());
        } catch (NotFoundException e) {
            throw InvalidInputException.of("target_hostname_or_uuid", "VM not found");
        }
    }

    private Disk targetDisk(Vm target) {
        try {
            return inventory.deployedDisk(target, command.targetDiskPosition());
        } catch (RuleViolationException e) {
            throw InvalidInputException.of("target_disk_id", "Invalid disk_id");
        }
    }
}

package org.vmsnap.snapshot;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskService;

/** The checks and the start of a restore into another VM's disk, in Danube's order. */
@Component
class Restore {
    private final Preconditions checks;
    private final SnapshotStore store;
    private final SnapshotWorker worker;
    private final TaskService tasks;

    Restore(Preconditions checks, SnapshotStore store, SnapshotWorker worker, TaskService tasks) {
        this.checks = checks;
        this.store = store;
        this.worker = worker;
        this.tasks = tasks;
    }

    /** Whether the target is the source VM itself: Danube then rolls back on the same disk. */
    boolean intoSourceVm(Caller caller, RestoreCommand command) {
        Vm source = checks.vm(caller, command.vmRef());
        checks.find(checks.disk(source, command.diskPosition()), command.name());
        return targetVm(caller, command).id() == source.id();
    }

    Task submit(Caller caller, RestoreCommand command) {
        List<Vm> both = checks.forChange(List.of(checks.vm(caller, command.vmRef()), targetVm(caller, command)));
        Vm source = both.get(0);
        Disk sourceDisk = checks.disk(source, command.diskPosition());
        Snapshot snapshot = checks.find(sourceDisk, command.name()).snapshot();
        Vm target = both.get(1);
        Disk targetDisk = targetDisk(target, command);
        checks.requireNode(source);
        checks.requireNode(target);
        checks.requireOperational(caller, target);
        if (!target.brand().equals(source.brand())) {
            throw new RuleViolationException(Rule.BRAND_MISMATCH);
        }
        if (targetDisk.sizeMb() != sourceDisk.sizeMb()) {
            throw new RuleViolationException(Rule.DISK_SIZE_MISMATCH);
        }
        checks.requireOperational(caller, source);
        checks.requireOk(snapshot);
        if (!command.force() && store.countOnDisk(targetDisk.id()) > 0) {
            throw new RuleViolationException(Rule.TARGET_VM_HAS_SNAPSHOTS);
        }
        checks.requireStoppedAndIdle(target);
        VmState sourceState = source.state();
        checks.lockVm(target, VmState.STOPPED);
        checks.lockVm(source, sourceState);
        if (!store.setStatus(snapshot.id(), SnapshotStatus.OK, SnapshotStatus.ROLLBACK)) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        String detail = "snapname='%s', disk_id=%d, source_hostname='%s', target_hostname='%s', target_disk_id=%d"
                .formatted(
                        command.name(),
                        command.diskPosition(),
                        source.hostname(),
                        target.hostname(),
                        command.targetDiskPosition());
        var request = SnapshotTasks.request(
                TaskKind.SNAPSHOT_RESTORE,
                caller,
                target,
                List.of(sourceDisk, targetDisk),
                false,
                Map.of("snapname", command.name(), "target_hostname", target.hostname()),
                "Rollback snapshot of server's disk",
                detail);
        return tasks.submit(
                request, () -> worker.restore(source, sourceDisk, snapshot, target, targetDisk, sourceState));
    }

    private Vm targetVm(Caller caller, RestoreCommand command) {
        try {
            return checks.vm(caller, command.targetVmRef());
        } catch (NotFoundException e) {
            throw InvalidInputException.of("target_hostname_or_uuid", "VM not found");
        }
    }

    private Disk targetDisk(Vm target, RestoreCommand command) {
        try {
            return checks.disk(target, command.targetDiskPosition());
        } catch (RuleViolationException e) {
            throw InvalidInputException.of("target_disk_id", "Invalid disk_id");
        }
    }
}

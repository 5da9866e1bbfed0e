package org.vmsnap.snapshot;

import static org.vmsnap.snapshot.SnapshotTasks.request;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskService;

/**
 * Whole-VM snapshots with the VM's memory state (VSS {@code with_memory}): one row per disk as always, but all
 * sharing one storage tag ({@code vs-<id of the first disk's row>}), since QEMU saves and loads such a snapshot
 * under one name on every disk at once; the memory state goes into the first disk's image. One task holds all the
 * VM's disks for the whole operation.
 */
@Component
class VmStateSnapshots {
    /** The consistency recorded for a snapshot that holds the VM's memory state. */
    static final String MEMORY = "memory";

    private final Preconditions checks;
    private final SnapshotStore store;
    private final InventoryService inventory;
    private final TaskService tasks;
    private final VmStateWorker worker;
    private final Clock clock;

    VmStateSnapshots(
            Preconditions checks,
            SnapshotStore store,
            InventoryService inventory,
            TaskService tasks,
            VmStateWorker worker,
            Clock clock) {
        this.checks = checks;
        this.store = store;
        this.inventory = inventory;
        this.tasks = tasks;
        this.worker = worker;
        this.clock = clock;
    }

    Task create(Caller caller, String vmRef, String name, String note) {
        Vm vm = checks.vmForChange(caller, vmRef);
        checks.requireNode(vm);
        List<Disk> disks = attached(vm);
        if (disks.isEmpty()) {
            throw new RuleViolationException(Rule.INVALID_DISK_ID);
        }
        for (Disk disk : disks) {
            checks.disk(vm, disk.position());
            if (store.byName(disk.id(), name).isPresent()) {
                throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
            }
        }
        checks.requireOperational(caller, vm);
        List<Long> ids = new ArrayList<>();
        String tag = null;
        for (Disk disk : disks) {
            checks.requireWithinQuota(vm, SnapshotType.MANUAL);
            long id = insert(vm, disk, name, note, tag);
            ids.add(id);
            tag = tag == null ? Snapshot.tagFor(id) : tag;
        }
        String sharedTag = tag;
        var request = request(
                TaskKind.SNAPSHOT_CREATE,
                caller,
                vm,
                disks,
                false,
                Map.of("snapname", name, "with_memory", true),
                "Create snapshot of server's disks with memory",
                "snapname='%s', disks=%d, with_memory=true".formatted(name, disks.size()));
        return tasks.submit(request, () -> worker.create(vm, disks, ids, sharedTag));
    }

    private long insert(Vm vm, Disk disk, String name, String note, String tag) {
        try {
            var command =
                    new CreateSnapshotCommand(vm.uuid(), disk.position(), name, note, false, SnapshotType.MANUAL, null);
            return store.insert(CreateSteps.intent(vm, disk, command, false, clock.instant(), tag));
        } catch (DuplicateKeyException e) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
    }

    /**
     * A running VM goes back to the snapshot's disks and memory and runs on; a stopped one is started in that state
     * (or, when vmsnap does not start it, gets its disks back and stays off).
     */
    Task revert(Caller caller, String vmRef, String name) {
        Vm vm = checks.vmForChange(caller, vmRef);
        List<Disk> all = inventory.disks(vm);
        List<VmStateWorker.Part> parts = new ArrayList<>();
        for (Disk disk : attached(vm)) {
            store.byName(disk.id(), name).ifPresent(row -> parts.add(new VmStateWorker.Part(disk, row.snapshot())));
        }
        if (parts.isEmpty()) {
            throw new NotFoundException(ObjectKind.SNAPSHOT);
        }
        checks.requireNode(vm);
        checks.requireOperational(caller, vm);
        parts.forEach(p -> checks.requireOk(p.snapshot()));
        if (!MEMORY.equals(parts.get(0).snapshot().consistency())) {
            throw new RuleViolationException(Rule.VM_NOT_STOPPED);
        }
        boolean running = vm.state() != VmState.STOPPED;
        if (!running) {
            checks.requireStoppedAndIdle(vm);
            checks.lockVm(vm, VmState.STOPPED);
        }
        for (VmStateWorker.Part p : parts) {
            if (!store.setStatus(p.snapshot().id(), SnapshotStatus.OK, SnapshotStatus.ROLLBACK)) {
                throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
            }
        }
        var request = request(
                TaskKind.SNAPSHOT_ROLLBACK,
                caller,
                vm,
                all,
                false,
                Map.of("snapname", name, "with_memory", true),
                "Rollback snapshot of server's disks with memory",
                "snapname='%s', disks=%d, with_memory=true".formatted(name, parts.size()));
        return tasks.submit(request, () -> worker.revert(vm, parts, running));
    }

    private List<Disk> attached(Vm vm) {
        return inventory.disks(vm).stream().filter(d -> d.position() != null).toList();
    }
}

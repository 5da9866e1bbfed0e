package org.vmsnap.snapshot;

import static org.vmsnap.snapshot.SnapshotTasks.request;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DisksDiscarded;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskRequest;
import org.vmsnap.task.TaskService;

/**
 * The snapshot life cycle: list, create, note, rollback, restore into another disk, delete, sync. Every check runs
 * before anything changes; a mutating call records its intent (row status) in the same transaction that queues
 * its task, and the task settles it. Thread-safe.
 */
@Service
public class SnapshotService {
    private final SnapshotStore store;
    private final SnapshotWorker worker;
    private final Preconditions checks;
    private final Deletion deletion;
    private final Restore restore;
    private final Recovery recovery;
    private final TaskService tasks;
    private final Clock clock;
    private final RuntimeService runtime;
    private final VmStateSnapshots vmState;
    private final CreateBatch batches;

    // Eleven collaborators: the operations' own helpers (checks, deletion, restore, recovery, VM state, batches)
    // are split out so this class stays the one public entry point of the module.
    public SnapshotService(
            SnapshotStore store,
            SnapshotWorker worker,
            Preconditions checks,
            Deletion deletion,
            Restore restore,
            Recovery recovery,
            TaskService tasks,
            Clock clock,
            RuntimeService runtime,
            VmStateSnapshots vmState,
            CreateBatch batches) {
        this.runtime = runtime;
        this.vmState = vmState;
        this.batches = batches;
        this.store = store;
        this.worker = worker;
        this.checks = checks;
        this.deletion = deletion;
        this.restore = restore;
        this.recovery = recovery;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Snapshots of a VM, filtered and sorted. */
    public List<SnapshotView> list(Caller caller, String vmRef, SnapshotQuery query) {
        Vm vm = checks.vm(caller, vmRef);
        query.diskPosition().ifPresent(p -> checks.disk(vm, p));
        if (query.defineIds().isPresent() && query.defineIds().get().isEmpty()) {
            return List.of();
        }
        return store.list(vm.id(), query).stream().map(r -> view(vm, r)).toList();
    }

    /** How many snapshots the VMs of each node have, by node id (absent = none). */
    public Map<Long, Long> countByNode() {
        return store.countByNode();
    }

    /** How many snapshots each of the given definitions made that still exist (absent = none). */
    public Map<Long, Long> countByDefinition(java.util.Collection<Long> defineIds) {
        return store.countByDefinition(defineIds);
    }

    /** The snapshots a definition made that still exist, oldest first. */
    public List<Snapshot> ofDefinition(long defineId) {
        return store.ofDefinition(defineId);
    }

    /** Those of the definitions whose latest snapshot is still being taken (a snapshot of theirs is pending). */
    public Set<Long> definitionsWithPending(Collection<Long> defineIds) {
        return store.definitionsWithPending(defineIds);
    }

    /** Looks up the VM and its deployed disk as every call does first: 404 for the VM, 412 for the disk. */
    public void locate(Caller caller, String vmRef, int diskPosition) {
        checks.disk(checks.vm(caller, vmRef), diskPosition);
    }

    public SnapshotView get(Caller caller, String vmRef, int diskPosition, String name) {
        Vm vm = checks.vm(caller, vmRef);
        Disk disk = checks.disk(vm, diskPosition);
        return view(vm, checks.find(disk, name));
    }

    @Transactional
    public Task create(Caller caller, CreateSnapshotCommand command) {
        Vm vm = checks.vmForChange(caller, command.vmRef());
        Disk disk = checks.requireCreatable(caller, vm, command);
        // Danube: the flag is kept only for VMs with a guest agent channel; the freeze runs if the VM runs then
        boolean fsfreeze = command.fsfreeze() && runtime.hasAgent(vm);
        checks.requireWithinQuota(vm, command.type());
        long id;
        try {
            id = store.insert(CreateSteps.intent(vm, disk, command, fsfreeze, clock.instant()));
        } catch (DuplicateKeyException e) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
        String tag = Snapshot.tagFor(id);
        return tasks.submit(
                CreateSteps.request(caller, vm, disk, command), () -> worker.create(disk, id, tag, fsfreeze));
    }

    /**
     * Many creates in the caller's transaction (the scheduler's batches), each checked exactly as {@link #create}
     * checks one, against figures loaded for the whole batch in a few set-based queries; a refused create leaves
     * the others alone. The intents and tasks are written with JDBC batches and the tasks run after the commit,
     * each on its disk's lane in list order. Returns one outcome per call, in list order.
     */
    @Transactional
    public List<CreateOutcome> createAll(List<CreateSnapshotCall> calls) {
        return batches.create(calls);
    }

    /** Changes the note; no task, no state checks. */
    @Transactional
    public SnapshotView updateNote(Caller caller, String vmRef, int diskPosition, String name, String note) {
        Vm vm = checks.vm(caller, vmRef);
        Disk disk = checks.disk(vm, diskPosition);
        Snapshot s = checks.find(disk, name).snapshot();
        store.setNote(s.id(), note);
        return view(vm, store.byId(s.id()).orElseThrow());
    }

    /** Reverts the VM's disk to a snapshot. The VM must be stopped. */
    @Transactional
    public Task rollback(Caller caller, String vmRef, int diskPosition, String name, NewerSnapshots newer) {
        Vm vm = checks.vmForChange(caller, vmRef);
        Disk disk = checks.disk(vm, diskPosition);
        Snapshot s = checks.find(disk, name).snapshot();
        checks.requireNode(vm);
        checks.requireOperational(caller, vm);
        checks.requireOk(s);
        if (newer == NewerSnapshots.REFUSE && store.newerExists(disk.id(), s.id())) {
            throw new RuleViolationException(Rule.VM_HAS_MORE_RECENT_SNAPSHOTS);
        }
        checks.requireStoppedAndIdle(vm);
        checks.lockVm(vm, VmState.STOPPED);
        if (!store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.ROLLBACK)) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        TaskRequest request = request(
                TaskKind.SNAPSHOT_ROLLBACK,
                caller,
                vm,
                List.of(disk),
                false,
                Map.of("snapname", name, "disk_id", diskPosition),
                "Rollback snapshot of server's disk",
                "snapname='%s', disk_id=%d".formatted(name, diskPosition));
        return tasks.submit(request, () -> worker.rollback(vm, disk, s, newer));
    }

    /** Copies a snapshot into another VM's disk of the same size; the target VM must be stopped. */
    @Transactional
    public Task restore(Caller caller, RestoreCommand command) {
        if (restore.intoSourceVm(caller, command)) {
            NewerSnapshots newer = command.force() ? NewerSnapshots.DISCARD : NewerSnapshots.REFUSE;
            return rollback(caller, command.vmRef(), command.diskPosition(), command.name(), newer);
        }
        return restore.submit(caller, command);
    }

    /** Deletes one snapshot; a lost one is removed from the database at once. */
    @Transactional
    public DeleteResult delete(Caller caller, String vmRef, int diskPosition, String name) {
        return deletion.one(caller, vmRef, diskPosition, name);
    }

    /** Deletes the named snapshots of one disk; unknown names are ignored while one exists. */
    @Transactional
    public DeleteResult deleteMany(Caller caller, String vmRef, int diskPosition, List<String> names, boolean auto) {
        return deletion.many(caller, vmRef, diskPosition, names, auto);
    }

    /** Compares the database with the image's snapshot table and fixes the database. */
    @Transactional
    public Task sync(Caller caller, String vmRef, int diskPosition) {
        Vm vm = checks.vmForChange(caller, vmRef);
        checks.requireNode(vm);
        Disk disk = checks.disk(vm, diskPosition);
        checks.requireOperational(caller, vm);
        TaskRequest request = request(
                TaskKind.SNAPSHOT_SYNC,
                caller,
                vm,
                List.of(disk),
                false,
                Map.of("disk_id", diskPosition),
                "Synchronize snapshots of server's disk",
                "disk_id=" + diskPosition);
        // decided under the VM's lock: intents that exist now belong to tasks ahead of this sync (or to none)
        java.util.Set<Long> leftovers = store.intentsOf(disk.id());
        return tasks.submit(request, () -> worker.sync(disk, leftovers));
    }

    /** After a crash: reconciles the disks an interrupted task touched and frees the VMs it held. */
    public Optional<TaskOutcome> recover(Task interrupted) {
        return recovery.recover(interrupted);
    }

    /**
     * Snapshots every disk of a running VM together with its memory and device state: one snapshot per disk, all
     * named {@code name} and sharing one storage tag, taken by one task. A VM no longer running when the task runs
     * gets disk snapshots only. The snapshots' consistency is {@code memory}.
     */
    @Transactional
    public Task createWithMemory(Caller caller, String vmRef, String name, String note) {
        return vmState.create(caller, vmRef, name, note);
    }

    /**
     * Reverts a VM to a snapshot that holds its memory state (consistency {@code memory}), in one task: a running VM
     * runs on in the saved state; a stopped VM is started in it (QEMU {@code -loadvm}), as vSphere powers a VM on
     * when it reverts to a memory snapshot. Newer snapshots are kept.
     */
    @Transactional
    public Task revertWithMemory(Caller caller, String vmRef, String name) {
        return vmState.revert(caller, vmRef, name);
    }

    @EventListener
    void onDisksDiscarded(DisksDiscarded event) {
        store.deleteOfDisks(event.diskIds());
    }

    private SnapshotView view(Vm vm, SnapshotStore.Row row) {
        return new SnapshotView(row.snapshot(), vm.hostname(), vm.uuid(), row.diskPosition());
    }
}

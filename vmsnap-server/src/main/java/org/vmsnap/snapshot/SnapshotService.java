package org.vmsnap.snapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DisksDiscarded;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
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
    private final Reconciler reconciler;
    private final InventoryService inventory;
    private final TaskService tasks;
    private final Clock clock;

    public SnapshotService(
            SnapshotStore store,
            SnapshotWorker worker,
            Reconciler reconciler,
            InventoryService inventory,
            TaskService tasks,
            Clock clock) {
        this.store = store;
        this.worker = worker;
        this.reconciler = reconciler;
        this.inventory = inventory;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Snapshots of a VM, filtered and sorted. */
    public List<SnapshotView> list(Caller caller, String vmRef, SnapshotQuery query) {
        Vm vm = inventory.vm(caller, vmRef);
        query.diskPosition().ifPresent(p -> inventory.deployedDisk(vm, p));
        if (query.defineName().isPresent()) {
            return List.of(); // definitions arrive with the scheduler; until then no snapshot has one
        }
        return store.list(vm.id(), query).stream().map(r -> view(vm, r)).toList();
    }

    /** Looks up the VM and its deployed disk as every call does first: 404 for the VM, 412 for the disk. */
    public void locate(Caller caller, String vmRef, int diskPosition) {
        inventory.deployedDisk(inventory.vm(caller, vmRef), diskPosition);
    }

    public SnapshotView get(Caller caller, String vmRef, int diskPosition, String name) {
        Vm vm = inventory.vm(caller, vmRef);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        return view(vm, find(disk, name));
    }

    @Transactional
    public Task create(Caller caller, CreateSnapshotCommand command) {
        Vm vm = inventory.vm(caller, command.vmRef());
        requireNode(vm);
        Disk disk = inventory.deployedDisk(vm, command.diskPosition());
        if (store.byName(disk.id(), command.name()).isPresent()) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
        requireOperational(caller, vm);
        Snapshot draft = new Snapshot(
                0,
                UUID.randomUUID().toString(),
                disk.id(),
                vm.id(),
                command.name(),
                null,
                command.type(),
                command.defineId() == null ? "manual" : "definition",
                command.defineId(),
                SnapshotStatus.PENDING,
                command.note(),
                clock.instant(),
                false,
                "crash",
                null,
                null);
        long id;
        try {
            id = store.insert(draft);
        } catch (DuplicateKeyException e) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
        String tag = Snapshot.tagFor(id);
        String detail = "snapname='%s', disk_id=%d, type=%d, fsfreeze=%s"
                .formatted(
                        command.name(), command.diskPosition(), command.type().code(), command.fsfreeze());
        TaskRequest request = request(
                TaskKind.SNAPSHOT_CREATE,
                caller,
                vm,
                List.of(disk),
                command.type() == SnapshotType.AUTOMATIC,
                Map.of("snapname", command.name(), "disk_id", command.diskPosition()),
                "Create snapshot of server's disk",
                detail);
        return tasks.submit(request, () -> worker.create(disk, id, tag));
    }

    /** Changes the note; no task, no state checks. */
    @Transactional
    public SnapshotView updateNote(Caller caller, String vmRef, int diskPosition, String name, String note) {
        Vm vm = inventory.vm(caller, vmRef);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        Snapshot s = find(disk, name).snapshot();
        store.setNote(s.id(), note);
        return view(vm, store.byId(s.id()).orElseThrow());
    }

    /** Reverts the VM's disk to a snapshot. The VM must be stopped. */
    @Transactional
    public Task rollback(Caller caller, String vmRef, int diskPosition, String name, NewerSnapshots newer) {
        Vm vm = inventory.vm(caller, vmRef);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        Snapshot s = find(disk, name).snapshot();
        requireNode(vm);
        requireOperational(caller, vm);
        requireOk(s);
        if (newer == NewerSnapshots.REFUSE && store.newerExists(disk.id(), s.id())) {
            throw new RuleViolationException(Rule.VM_HAS_MORE_RECENT_SNAPSHOTS);
        }
        requireStoppedAndIdle(vm);
        lockVm(vm, VmState.STOPPED);
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
        return new Restore(this, caller, command).submit();
    }

    /** Deletes one snapshot; a lost one is removed from the database at once. */
    @Transactional
    public DeleteResult delete(Caller caller, String vmRef, int diskPosition, String name) {
        Vm vm = inventory.vm(caller, vmRef);
        requireNode(vm);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        Snapshot s = find(disk, name).snapshot();
        requireOperational(caller, vm);
        if (s.status() == SnapshotStatus.LOST) {
            store.delete(s.id());
            return DeleteResult.removedFromDb(logSync(caller, vm, "Delete snapshot of server's disk", name));
        }
        if (s.status() != SnapshotStatus.OK || !store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING)) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        TaskRequest request = request(
                TaskKind.SNAPSHOT_DELETE,
                caller,
                vm,
                List.of(disk),
                false,
                Map.of("snapname", name, "disk_id", diskPosition),
                "Delete snapshot of server's disk",
                "snapname='%s', disk_id=%d".formatted(name, diskPosition));
        return DeleteResult.started(
                tasks.submit(request, () -> worker.delete(disk, List.of(s), "Snapshot successfully deleted", "")));
    }

    /** Deletes the named snapshots of one disk; unknown names are ignored while one exists. */
    @Transactional
    public DeleteResult deleteMany(Caller caller, String vmRef, int diskPosition, List<String> names, boolean auto) {
        Vm vm = inventory.vm(caller, vmRef);
        requireNode(vm);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        if (names.isEmpty()) {
            throw new RuleViolationException(Rule.INVALID_SNAPNAMES);
        }
        List<Snapshot> found = store.byNames(disk.id(), new LinkedHashSet<>(names)).stream()
                .map(SnapshotStore.Row::snapshot)
                .toList();
        if (found.isEmpty()) {
            throw new NotFoundException(ObjectKind.SNAPSHOT);
        }
        requireOperational(caller, vm);
        List<Snapshot> lost =
                found.stream().filter(s -> s.status() == SnapshotStatus.LOST).toList();
        List<Snapshot> rest = new ArrayList<>(
                found.stream().filter(s -> s.status() != SnapshotStatus.LOST).toList());
        if (lost.isEmpty() && rest.stream().anyMatch(s -> s.status() != SnapshotStatus.OK)) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        String syncId = null;
        if (!lost.isEmpty()) {
            lost.forEach(s -> store.delete(s.id()));
            syncId = logSync(caller, vm, "Delete snapshots of server's disk", String.join(",", names(lost)));
            rest.removeIf(s -> s.status() != SnapshotStatus.OK);
        }
        if (rest.isEmpty()) {
            return DeleteResult.removedFromDb(syncId);
        }
        for (Snapshot s : rest) {
            if (!store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING)) {
                throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
            }
        }
        String detail = "snapnames='%s', disk_id=%d".formatted(String.join(",", names(rest)), diskPosition);
        TaskRequest request = request(
                TaskKind.SNAPSHOT_DELETE,
                caller,
                vm,
                List.of(disk),
                auto,
                Map.of("snapnames", names(rest), "disk_id", diskPosition),
                "Delete snapshots of server's disk",
                detail);
        List<Snapshot> doomed = List.copyOf(rest);
        return DeleteResult.started(
                tasks.submit(request, () -> worker.delete(disk, doomed, "Snapshots successfully deleted", detail)));
    }

    /** Compares the database with the image's snapshot table and fixes the database. */
    @Transactional
    public Task sync(Caller caller, String vmRef, int diskPosition) {
        Vm vm = inventory.vm(caller, vmRef);
        requireNode(vm);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        requireOperational(caller, vm);
        TaskRequest request = request(
                TaskKind.SNAPSHOT_SYNC,
                caller,
                vm,
                List.of(disk),
                false,
                Map.of("disk_id", diskPosition),
                "Synchronize snapshots of server's disk",
                "disk_id=" + diskPosition);
        return tasks.submit(request, () -> worker.sync(disk));
    }

    /** After a crash: reconciles the disks an interrupted task touched and frees the VMs it held. */
    public void recover(Task interrupted) {
        for (Long diskId : interrupted.diskIds()) {
            inventory
                    .diskById(diskId)
                    .filter(d -> d.status() == org.vmsnap.inventory.DiskStatus.READY)
                    .ifPresent(reconciler::recover);
        }
        for (Long diskId : interrupted.diskIds()) {
            inventory
                    .diskById(diskId)
                    .map(Disk::vmId)
                    .ifPresent(vmId -> inventory.transition(vmId, EnumSet.of(VmState.NOTREADY), VmState.STOPPED));
        }
    }

    @EventListener
    void onDisksDiscarded(DisksDiscarded event) {
        store.deleteOfDisks(event.diskIds());
    }

    // --- helpers shared with Restore ---

    InventoryService inventory() {
        return inventory;
    }

    SnapshotStore store() {
        return store;
    }

    SnapshotWorker worker() {
        return worker;
    }

    TaskService tasks() {
        return tasks;
    }

    SnapshotStore.Row find(Disk disk, String name) {
        return store.byName(disk.id(), name).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
    }

    void requireNode(Vm vm) {
        if (!inventory.node(vm).online()) {
            throw new RuleViolationException(Rule.NODE_NOT_OPERATIONAL);
        }
    }

    static void requireOperational(Caller caller, Vm vm) {
        if (!vm.installed() && !caller.isAdmin()) {
            throw new RuleViolationException(Rule.VM_NOT_INSTALLED);
        }
        if (!vm.state().operational()) {
            throw new RuleViolationException(Rule.VM_NOT_OPERATIONAL);
        }
    }

    static void requireOk(Snapshot s) {
        if (s.status() != SnapshotStatus.OK) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
    }

    void requireStoppedAndIdle(Vm vm) {
        if (vm.state() != VmState.STOPPED) {
            throw new RuleViolationException(Rule.VM_NOT_STOPPED);
        }
        if (tasks.vmBusy(vm.id())) {
            throw new RuleViolationException(Rule.VM_HAS_PENDING_TASKS);
        }
    }

    void lockVm(Vm vm, VmState from) {
        if (!inventory.transition(vm.id(), EnumSet.of(from), VmState.NOTREADY)) {
            throw new RuleViolationException(from == VmState.STOPPED ? Rule.VM_NOT_STOPPED : Rule.VM_NOT_OPERATIONAL);
        }
    }

    static TaskRequest request(
            TaskKind kind,
            Caller caller,
            Vm vm,
            List<Disk> disks,
            boolean automatic,
            Map<String, Object> params,
            String msg,
            String detail) {
        return new TaskRequest(
                kind,
                caller,
                vm.ownerId(),
                vm.id(),
                disks.stream().map(Disk::id).toList(),
                automatic,
                params,
                new LogInfo(msg, detail, "vm", vm.hostname(), vm.alias()));
    }

    private String logSync(Caller caller, Vm vm, String msg, String names) {
        return tasks.logSync(
                caller, vm.ownerId(), new LogInfo(msg, "snapnames='" + names + "'", "vm", vm.hostname(), vm.alias()));
    }

    private static List<String> names(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::name).toList();
    }

    private SnapshotView view(Vm vm, SnapshotStore.Row row) {
        return new SnapshotView(row.snapshot(), vm.hostname(), vm.uuid(), row.diskPosition(), null);
    }
}

package org.vmsnap.snapshot;

import static org.vmsnap.snapshot.SnapshotTasks.request;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskEnd;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskService;

/**
 * Snapshots under a per-VM limit with optional rotation (HOSTKEY): a create at the limit first deletes the oldest
 * snapshots that are not excluded, in the same task and on the same disk lane as the create, so no other operation
 * on the disk runs between the two. Creates on one VM are serialised by a row lock while the limit is checked.
 * Thread-safe.
 */
@Service
public class RotationService {
    private final Preconditions checks;
    private final SnapshotStore store;
    private final RotationStore rotations;
    private final SnapshotWorker worker;
    private final TaskService tasks;
    private final InventoryService inventory;
    private final Clock clock;
    private final int maxSnapshots;

    RotationService(
            Preconditions checks,
            SnapshotStore store,
            RotationStore rotations,
            SnapshotWorker worker,
            TaskService tasks,
            InventoryService inventory,
            Clock clock,
            @Value("${vmsnap.rotation.max-snapshots:4}") int maxSnapshots) {
        if (maxSnapshots < 1) {
            throw new IllegalArgumentException("vmsnap.rotation.max-snapshots must be positive");
        }
        this.checks = checks;
        this.store = store;
        this.rotations = rotations;
        this.worker = worker;
        this.tasks = tasks;
        this.inventory = inventory;
        this.clock = clock;
        this.maxSnapshots = maxSnapshots;
    }

    /** The VM's settings; a VM that never had any has rotation off and nothing excluded. */
    public RotationSettings settings(Caller caller, String vmRef) {
        return settings(checks.vm(caller, vmRef).id());
    }

    /** Changes what is given and keeps the rest; logged as a synchronous call. */
    @Transactional
    public RotationSettings update(
            Caller caller, String vmRef, Optional<Boolean> enabled, Optional<List<String>> excluded) {
        Vm vm = checks.vm(caller, vmRef);
        inventory.lockVm(vm.id());
        RotationSettings old = settings(vm.id());
        RotationSettings updated = new RotationSettings(
                enabled.orElse(old.enabled()), excluded.orElse(old.excluded()), old.maxSnapshots());
        rotations.save(vm.id(), updated.enabled(), updated.excluded());
        String detail = "enable_rotation=%s, exclude_rotation='%s'"
                .formatted(updated.enabled(), String.join(",", updated.excluded()));
        tasks.logSync(caller, vm.ownerId(), SnapshotTasks.log(vm, "Update snapshot rotation of server", detail));
        return updated;
    }

    /**
     * Takes a snapshot of one disk within the VM's limit: below it as a plain create; at it, with rotation on, the
     * oldest replaceable snapshots are marked DELETING and removed by the same task before the new one is taken.
     * Refused with {@link Rule#SNAPSHOT_LIMIT_REACHED} when rotation is off or every candidate is excluded.
     */
    @Transactional
    public Task create(Caller caller, CreateSnapshotCommand command) {
        Vm vm = checks.vmForChange(caller, command.vmRef());
        Disk disk = checks.requireCreatable(caller, vm, command);
        checks.requireWithinQuota(vm, command.type()); // Danube-side limits hold for every front door
        List<Snapshot> present = store.ofDisk(disk.id()).stream()
                .map(SnapshotStore.Row::snapshot)
                .filter(s -> s.status() != SnapshotStatus.DELETING)
                .toList();
        List<Snapshot> victims = RotationPlan.victims(present, settings(vm.id()))
                .orElseThrow(() -> new RuleViolationException(Rule.SNAPSHOT_LIMIT_REACHED));
        for (Snapshot s : victims) {
            if (!store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING)) {
                throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
            }
        }
        long id;
        try {
            id = store.insert(CreateSteps.intent(vm, disk, command, false, clock.instant()));
        } catch (DuplicateKeyException e) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
        String tag = Snapshot.tagFor(id);
        String replaced = String.join(",", victims.stream().map(Snapshot::name).toList());
        String detail = "snapname='%s', disk_id=%d, type=%d, rotated='%s'"
                .formatted(
                        command.name(), command.diskPosition(), command.type().code(), replaced);
        var taskRequest = request(
                TaskKind.SNAPSHOT_CREATE,
                caller,
                vm,
                List.of(disk),
                command.type() == SnapshotType.AUTOMATIC,
                Map.of("snapname", command.name(), "disk_id", command.diskPosition(), "rotated", replaced),
                "Create snapshot of server's disk",
                detail);
        return tasks.submit(taskRequest, () -> rotateThenCreate(disk, victims, id, tag));
    }

    private TaskEnd rotateThenCreate(Disk disk, List<Snapshot> victims, long id, String tag) {
        if (victims.isEmpty()) {
            return worker.create(disk, id, tag, false);
        }
        TaskEnd deleted = worker.delete(disk, victims, "Snapshots successfully deleted", "");
        if (!deleted.outcome().success()) {
            return deleted.then(new TaskEnd(deleted.outcome(), () -> store.delete(id)));
        }
        return deleted.then(worker.create(disk, id, tag, false));
    }

    private RotationSettings settings(long vmId) {
        return new RotationSettings(rotations.enabled(vmId).orElse(false), rotations.excluded(vmId), maxSnapshots);
    }
}

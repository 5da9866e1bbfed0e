package org.vmsnap.snapshot;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DiskStatus;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.VmState;
import org.vmsnap.storage.spi.ImageCheck;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskService;

/**
 * After a crash: the images of the disks an interrupted task touched are checked and repaired (what an operation
 * cut off leaves: leaked clusters, half-updated metadata; recorded in the task log), their rows reconciled, and the
 * VMs it held freed. It runs before any new work on those disks.
 */
@Component
class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final InventoryService inventory;
    private final Reconciler reconciler;
    private final TaskService tasks;
    private final AccessService access;
    private final SnapshotStore store;

    Recovery(
            InventoryService inventory,
            Reconciler reconciler,
            TaskService tasks,
            AccessService access,
            SnapshotStore store) {
        this.store = store;
        this.inventory = inventory;
        this.reconciler = reconciler;
        this.tasks = tasks;
        this.access = access;
    }

    /**
     * Recovers after the interrupted task; returns its outcome where the images tell it (a snapshot create whose
     * snapshot exists succeeded, a delete whose snapshot is gone succeeded), else empty: it failed, and the recovery
     * left nothing of it.
     */
    Optional<TaskOutcome> recover(Task interrupted) {
        for (Long diskId : interrupted.diskIds()) {
            inventory
                    .diskById(diskId)
                    .filter(d -> d.status() == DiskStatus.READY)
                    .ifPresent(disk -> {
                        ImageCheck check = reconciler.recover(disk);
                        if (check.found()) {
                            logRepair(interrupted, disk, check);
                        }
                    });
        }
        for (Long diskId : interrupted.diskIds()) {
            inventory
                    .diskById(diskId)
                    .map(d -> d.vmId())
                    .ifPresent(vmId -> inventory.transition(vmId, EnumSet.of(VmState.NOTREADY), VmState.STOPPED));
        }
        return truth(interrupted);
    }

    /** What the reconciled rows say of the one snapshot a create or delete was about ({@code snapname}, {@code disk_id}). */
    private Optional<TaskOutcome> truth(Task interrupted) {
        boolean create = interrupted.kind() == TaskKind.SNAPSHOT_CREATE;
        if ((!create && interrupted.kind() != TaskKind.SNAPSHOT_DELETE) || interrupted.vmId() == null) {
            return Optional.empty();
        }
        Map<String, Object> params = tasks.params(interrupted);
        if (!(params.get("snapname") instanceof String name) || !(params.get("disk_id") instanceof Number position)) {
            return Optional.empty();
        }
        Optional<Disk> disk =
                inventory.vm(interrupted.vmId()).flatMap(vm -> inventory.findDisk(vm, position.intValue()));
        if (disk.isEmpty()) {
            return Optional.empty();
        }
        Optional<SnapshotStatus> status =
                store.byName(disk.get().id(), name).map(r -> r.snapshot().status());
        if (create && status.equals(Optional.of(SnapshotStatus.OK))) {
            return Optional.of(TaskOutcome.ok("Snapshot successfully created"));
        }
        if (!create && status.isEmpty()) {
            return Optional.of(TaskOutcome.ok("Snapshot successfully deleted"));
        }
        return Optional.empty();
    }

    /** The repair in the task log of the disk's VM (a success, or a failure while something is left). */
    private void logRepair(Task interrupted, Disk disk, ImageCheck check) {
        String detail =
                "disk_id=%d, leaked_clusters=%d, leaks_fixed=%d, errors=%d, errors_fixed=%d, interrupted_task=%s"
                        .formatted(
                                disk.position() == null ? 0 : disk.position(),
                                check.leaks(),
                                check.leaksFixed(),
                                check.corruptions(),
                                check.corruptionsFixed(),
                                interrupted.id());
        log.warn("image of disk {} repaired after task {} was interrupted: {}", disk.uuid(), interrupted.id(), detail);
        if (disk.vmId() == null) {
            return; // a drive of no VM: its repair is in the service log only
        }
        inventory.vm(disk.vmId()).ifPresent(vm -> {
            var info = InventoryService.log(vm, "Repair image of server's disk", detail);
            if (check.remaining()) {
                tasks.logFailures(
                        List.of(new TaskService.FailedCall(access.systemCaller(vm.dcId()), vm.ownerId(), info)));
            } else {
                tasks.logSync(access.systemCaller(vm.dcId()), vm.ownerId(), info);
            }
        });
    }
}

package org.vmsnap.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.TimeOrderedIds;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskRequest;

/** What every create writes once its checks passed: the intent row and the task, alike for one create or a batch. */
final class CreateSteps {
    private CreateSteps() {}

    /** The pending row recorded before the image is touched; its storage tag follows from its id. */
    static Snapshot intent(Vm vm, Disk disk, CreateSnapshotCommand command, boolean fsfreeze, Instant now) {
        return intent(vm, disk, command, fsfreeze, now, null);
    }

    /** The same with the storage {@code tag} given (one tag shared by several disks' rows), or null. */
    static Snapshot intent(Vm vm, Disk disk, CreateSnapshotCommand command, boolean fsfreeze, Instant now, String tag) {
        return new Snapshot(
                0,
                TimeOrderedIds.uuid().toString(),
                disk.id(),
                vm.id(),
                command.name(),
                tag,
                command.type(),
                command.defineId() == null ? "manual" : "definition",
                command.defineId(),
                SnapshotStatus.PENDING,
                command.note(),
                now,
                fsfreeze,
                "crash",
                null,
                null);
    }

    /** The task of a plain create (Danube's log line and params). */
    static TaskRequest request(Caller caller, Vm vm, Disk disk, CreateSnapshotCommand command) {
        String detail = "snapname='%s', disk_id=%d, type=%d, fsfreeze=%s"
                .formatted(
                        command.name(), command.diskPosition(), command.type().code(), command.fsfreeze());
        return SnapshotTasks.request(
                TaskKind.SNAPSHOT_CREATE,
                caller,
                vm,
                List.of(disk),
                command.type() == SnapshotType.AUTOMATIC,
                Map.of("snapname", command.name(), "disk_id", command.diskPosition()),
                "Create snapshot of server's disk",
                detail);
    }
}

package org.vmsnap.snapshot;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DriveService;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskRequest;
import org.vmsnap.task.TaskService;

/**
 * Clone of a snapshot into a new drive: the new row (CLONING) is written with the task that copies the snapshot's
 * data into the new image, on the lanes of both disks, so a later delete of the source waits for the copy.
 */
@Component
class Clones {
    private static final Logger log = LoggerFactory.getLogger(Clones.class);

    private final DriveService drives;
    private final StorageDriver driver;
    private final TaskService tasks;

    Clones(DriveService drives, StorageDriver driver, TaskService tasks) {
        this.drives = drives;
        this.driver = driver;
        this.tasks = tasks;
    }

    /** Call inside the transaction that checked the snapshot. */
    CloneStarted start(Caller caller, Disk source, Snapshot snapshot, String name, String media) {
        Disk target = drives.defineClone(source, name, media);
        var request = new TaskRequest(
                TaskKind.DRIVE_CLONE,
                caller,
                target.ownerId(),
                null,
                List.of(source.id(), target.id()),
                false,
                Map.of("snapshot", snapshot.uuid(), "drive", target.uuid()),
                new LogInfo(
                        "Clone snapshot to a new drive",
                        "snapshot='%s', source='%s'".formatted(snapshot.uuid(), source.uuid()),
                        "drive",
                        target.uuid(),
                        target.name()));
        var task = tasks.submit(request, () -> copy(source, snapshot, target));
        return new CloneStarted(drives.drive(caller, target.uuid()), task.uuid());
    }

    private TaskOutcome copy(Disk source, Snapshot snapshot, Disk target) {
        try {
            driver.copySnapshotInto(source.image(), snapshot.tag(), target.image());
        } catch (StorageException e) {
            log.warn("clone of snapshot {} failed: {}", snapshot.uuid(), e.getMessage());
            drives.cloneDone(target, false);
            return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
        }
        drives.cloneDone(target, true);
        return TaskOutcome.ok("Snapshot successfully cloned");
    }
}

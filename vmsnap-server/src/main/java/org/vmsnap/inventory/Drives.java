package org.vmsnap.inventory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.access.Caller;
import org.vmsnap.shared.DiskStateException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskRequest;
import org.vmsnap.task.TaskService;

/**
 * Standalone drives: disks addressed by uuid that need no VM. Creating and deleting one are tasks on the drive's
 * own lane; a drive being deleted is already invisible.
 */
@Component
class Drives {
    private static final Logger log = LoggerFactory.getLogger(Drives.class);

    private final DriveStore store;
    private final StorageDriver driver;
    private final TaskService tasks;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Path dataDir;
    private final Clock clock;

    Drives(
            DriveStore store,
            StorageDriver driver,
            TaskService tasks,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            @Value("${vmsnap.data-dir}") Path dataDir,
            Clock clock) {
        this.store = store;
        this.driver = driver;
        this.tasks = tasks;
        this.events = events;
        this.tx = tx;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    DriveView drive(Caller caller, String uuid) {
        return store.byUuid(uuid)
                .filter(r -> r.view().disk().status() != DiskStatus.DELETING)
                .filter(r -> caller.canSee(r.view().disk().ownerId(), r.ownerDcId()))
                .map(DriveStore.Row::view)
                .orElseThrow(() -> new NotFoundException(ObjectKind.DISK));
    }

    List<DriveView> drives(Caller caller) {
        return store.list(caller.dcId(), caller.isAdmin() ? null : caller.userId()).stream()
                .map(DriveStore.Row::view)
                .toList();
    }

    /** Inserts the row (CREATING) and queues the creation of its image; call inside a transaction. */
    DriveView create(Caller caller, CreateDriveCommand command) {
        Disk disk = insert(caller.userId(), command.name(), command.sizeBytes(), command.media(), DiskStatus.CREATING);
        store.replaceMeta(disk.id(), command.meta());
        TaskRequest request = request(TaskKind.DRIVE_CREATE, caller, disk, List.of(disk.id()), "Create drive");
        tasks.submit(request, () -> createImage(disk));
        return store.byId(disk.id()).orElseThrow().view();
    }

    DriveView update(Caller caller, String uuid, UpdateDriveCommand command) {
        DriveView drive = drive(caller, uuid);
        long id = drive.disk().id();
        command.name().ifPresent(name -> store.rename(id, name));
        command.media().ifPresent(media -> store.setMedia(id, media));
        command.meta().ifPresent(meta -> store.replaceMeta(id, meta));
        tasks.logSync(caller, drive.disk().ownerId(), log(drive.disk(), "Update drive"));
        return store.byId(id).orElseThrow().view();
    }

    /** Marks the drive DELETING and queues removal of its image, snapshots and row; call inside a transaction. */
    Task delete(Caller caller, String uuid) {
        Disk disk = drive(caller, uuid).disk();
        if (disk.vmId() != null) {
            throw new DiskStateException(DiskStateException.Reason.ATTACHED);
        }
        if (!store.setStatus(disk.id(), DiskStatus.READY, DiskStatus.DELETING)) {
            throw new DiskStateException(DiskStateException.Reason.NOT_READY);
        }
        TaskRequest request = request(TaskKind.DRIVE_DELETE, caller, disk, List.of(disk.id()), "Delete drive");
        return tasks.submit(request, () -> discard(disk));
    }

    /** A new row for a clone of {@code source}'s snapshot, status CLONING, owned like the source. */
    Disk defineClone(Disk source, String name, String media) {
        return insert(source.ownerId(), name, source.sizeBytes(), media, DiskStatus.CLONING);
    }

    /** The end of a clone: the target becomes READY, or disappears with its image when the copy failed. */
    void cloneDone(Disk target, boolean copied) {
        if (copied) {
            store.setStatus(target.id(), DiskStatus.CLONING, DiskStatus.READY);
        } else {
            driver.deleteImage(target.image());
            store.delete(target.id());
        }
    }

    /** After a crash: a drive whose creation or clone was interrupted goes; an interrupted deletion finishes. */
    void recover(Task interrupted) {
        for (Long diskId : interrupted.diskIds()) {
            store.byId(diskId).map(r -> r.view().disk()).ifPresent(disk -> {
                switch (disk.status()) {
                    case CREATING, CLONING -> {
                        driver.discardLeftovers(disk.image());
                        driver.deleteImage(disk.image());
                        store.delete(disk.id());
                    }
                    case DELETING -> discard(disk);
                    default -> {}
                }
            });
        }
    }

    private Disk insert(long ownerId, String name, long size, String media, DiskStatus status) {
        String uuid = UUID.randomUUID().toString();
        Disk draft = new Disk(
                0,
                uuid,
                name,
                ownerId,
                null,
                null,
                size,
                media,
                status,
                DriveStore.imagePath(dataDir, uuid),
                false,
                clock.instant(),
                null);
        long id = store.insert(draft);
        return store.byId(id).orElseThrow().view().disk();
    }

    private TaskOutcome createImage(Disk disk) {
        try {
            driver.createImage(disk.image(), disk.sizeBytes());
        } catch (StorageException e) {
            log.warn("creating drive {} failed: {}", disk.uuid(), e.getMessage());
            driver.deleteImage(disk.image());
            store.delete(disk.id());
            return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
        }
        store.setStatus(disk.id(), DiskStatus.CREATING, DiskStatus.READY);
        return TaskOutcome.ok("Drive successfully created");
    }

    private TaskOutcome discard(Disk disk) {
        try {
            driver.deleteImage(disk.image());
        } catch (StorageException e) {
            store.setStatus(disk.id(), DiskStatus.DELETING, DiskStatus.READY);
            return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
        }
        tx.executeWithoutResult(status -> {
            events.publishEvent(new DisksDiscarded(List.of(disk.id())));
            store.delete(disk.id());
        });
        return TaskOutcome.ok("Drive successfully deleted");
    }

    static TaskRequest request(TaskKind kind, Caller caller, Disk disk, List<Long> diskIds, String msg) {
        return new TaskRequest(
                kind, caller, disk.ownerId(), null, diskIds, false, Map.of("drive", disk.uuid()), log(disk, msg));
    }

    static LogInfo log(Disk disk, String msg) {
        return new LogInfo(msg, "name='" + disk.name() + "'", "drive", disk.uuid(), disk.name());
    }
}

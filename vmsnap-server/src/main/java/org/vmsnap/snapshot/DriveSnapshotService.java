package org.vmsnap.snapshot;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DiskStatus;
import org.vmsnap.inventory.DriveService;
import org.vmsnap.inventory.DriveView;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.DiskStateException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.TimeOrderedIds;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskRequest;
import org.vmsnap.task.TaskService;

/**
 * Snapshots addressed by uuid through their drive, whether or not the drive belongs to a VM (CloudSigma): list,
 * get, create one or many with quotas, rename and replace meta, delete, clone into a new drive. The same engine as
 * {@link SnapshotService}: the same rows, tags, tasks and per-disk lanes. A snapshot of a drive another user owns
 * answers exactly like a missing one. Thread-safe.
 */
@Service
public class DriveSnapshotService {
    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd'__'HH_mm_ss");

    private final DriveSnapshotStore views;
    private final SnapshotStore store;
    private final SnapshotWorker worker;
    private final DriveService drives;
    private final DriveQuotas quotas;
    private final Clones clones;
    private final TaskService tasks;
    private final Clock clock;

    // Eight collaborators: quotas and clones are split out already; the rest are the engine's own parts.
    public DriveSnapshotService(
            DriveSnapshotStore views,
            SnapshotStore store,
            SnapshotWorker worker,
            DriveService drives,
            DriveQuotas quotas,
            Clones clones,
            TaskService tasks,
            Clock clock) {
        this.views = views;
        this.store = store;
        this.worker = worker;
        this.drives = drives;
        this.quotas = quotas;
        this.clones = clones;
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * The snapshots the caller may see, oldest first, optionally of one drive; {@code limit} 0 means all. A drive
     * the caller may not see simply matches nothing.
     */
    public DriveSnapshotPage list(Caller caller, Optional<String> driveUuid, long offset, long limit) {
        var scope = new DriveSnapshotStore.Scope(
                caller.dcId(), caller.isAdmin() ? null : caller.userId(), driveUuid.orElse(null));
        List<DriveSnapshotView> page = views.page(scope, offset, limit).stream()
                .map(DriveSnapshotStore.Row::view)
                .toList();
        long total = limit == 0 && offset == 0 ? page.size() : views.count(scope);
        return new DriveSnapshotPage(total, page);
    }

    public DriveSnapshotView get(Caller caller, String uuid) {
        return find(caller, uuid).view();
    }

    /** Per disk id, its snapshots newest first (disks without any are absent). */
    public Map<Long, List<SnapshotRef>> ofDrives(Collection<Long> diskIds) {
        return views.refsOfDisks(diskIds);
    }

    /** The caller's own snapshot count and the quotas. */
    public AccountSnapshotQuota quota(Caller caller) {
        return quotas.of(caller.userId());
    }

    /**
     * Takes snapshots of one or several drives: every drive and quota is checked before anything is written; each
     * snapshot is then taken by a task on its drive's lane (status PENDING until it exists).
     */
    @Transactional
    public List<DriveSnapshotView> create(Caller caller, List<CreateDriveSnapshotCommand> commands) {
        List<Disk> disks = new ArrayList<>();
        Map<Disk, Integer> added = new LinkedHashMap<>();
        for (CreateDriveSnapshotCommand command : commands) {
            Disk disk = snapshotable(drives.drive(caller, command.driveUuid()));
            disks.add(disk);
            added.merge(disk, 1, Integer::sum);
        }
        quotas.check(added);
        Set<String> taken = new HashSet<>();
        List<DriveSnapshotView> created = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            CreateDriveSnapshotCommand command = commands.get(i);
            Disk disk = disks.get(i);
            String name = command.name().orElseGet(() -> defaultName(disk, taken));
            if (!taken.add(disk.id() + "/" + name) || views.nameTaken(disk.id(), name)) {
                throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
            }
            long id = insert(disk, name);
            views.replaceMeta(id, command.meta());
            String tag = Snapshot.tagFor(id);
            tasks.submit(
                    request(TaskKind.SNAPSHOT_CREATE, caller, disk, "Create snapshot of drive", name),
                    () -> worker.create(disk, id, tag, false));
            created.add(views.byUuid(store.byId(id).orElseThrow().snapshot().uuid())
                    .orElseThrow()
                    .view());
        }
        return created;
    }

    /** Renames (names stay unique per drive) and replaces the meta map; empty leaves a field as it is. */
    @Transactional
    public DriveSnapshotView update(
            Caller caller, String uuid, Optional<String> name, Optional<Map<String, String>> meta) {
        DriveSnapshotStore.Row row = find(caller, uuid);
        Snapshot s = row.view().snapshot();
        if (name.isPresent() && !name.get().equals(s.name())) {
            if (views.nameTaken(s.diskId(), name.get())) {
                throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
            }
            views.rename(s.id(), name.get());
        }
        meta.ifPresent(m -> views.replaceMeta(s.id(), m));
        return find(caller, uuid).view();
    }

    /**
     * Deletes snapshots by uuid (all are checked first). A lost one goes from the database at once, one being
     * deleted already is left to its task; others must be available.
     */
    @Transactional
    public void delete(Caller caller, List<String> uuids) {
        List<DriveSnapshotStore.Row> rows =
                uuids.stream().distinct().map(uuid -> find(caller, uuid)).toList();
        for (DriveSnapshotStore.Row row : rows) {
            SnapshotStatus status = row.view().snapshot().status();
            if (status != SnapshotStatus.OK && status != SnapshotStatus.LOST && status != SnapshotStatus.DELETING) {
                throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
            }
        }
        for (DriveSnapshotStore.Row row : rows) {
            Snapshot s = row.view().snapshot();
            if (s.status() == SnapshotStatus.LOST) {
                store.delete(s.id());
            } else if (s.status() == SnapshotStatus.OK) {
                if (!store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING)) {
                    throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
                }
                Disk disk = drives.drive(caller, row.view().driveUuid()).disk();
                tasks.submit(
                        request(TaskKind.SNAPSHOT_DELETE, caller, disk, "Delete snapshot of drive", s.name()),
                        () -> worker.delete(disk, List.of(s), "Snapshot successfully deleted", ""));
            }
        }
    }

    /** Starts a copy of an available snapshot into a new drive (status CLONING, READY when the copy is done). */
    @Transactional
    public CloneStarted clone(Caller caller, CloneCommand command) {
        DriveSnapshotStore.Row row = find(caller, command.snapshotUuid());
        Snapshot s = row.view().snapshot();
        if (s.status() != SnapshotStatus.OK) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        DriveView source = drives.drive(caller, row.view().driveUuid());
        if (source.disk().status() != DiskStatus.READY) {
            throw new DiskStateException(DiskStateException.Reason.NOT_READY);
        }
        return clones.start(
                caller,
                source.disk(),
                s,
                command.name().orElse(s.name()),
                command.media().orElse(source.disk().media()));
    }

    private DriveSnapshotStore.Row find(Caller caller, String uuid) {
        return views.byUuid(uuid)
                .filter(r -> caller.canSee(r.ownerId(), r.ownerDcId()))
                .orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
    }

    private Disk snapshotable(DriveView drive) {
        if (drive.disk().status() != DiskStatus.READY) {
            throw new DiskStateException(DiskStateException.Reason.NOT_READY);
        }
        return drive.disk();
    }

    /** {@code <drive_uuid>__YYYY-MM-DD__HH_MM_SS}; a second one in the same second gets {@code _2}, {@code _3}... */
    private String defaultName(Disk disk, Set<String> taken) {
        String base = disk.uuid() + "__" + DEFAULT_NAME.format(clock.instant().atOffset(ZoneOffset.UTC));
        String name = base;
        for (int n = 2; taken.contains(disk.id() + "/" + name) || views.nameTaken(disk.id(), name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    private long insert(Disk disk, String name) {
        Snapshot draft = new Snapshot(
                0,
                TimeOrderedIds.uuid().toString(),
                disk.id(),
                disk.vmId(),
                name,
                null,
                SnapshotType.MANUAL,
                "drive",
                null,
                SnapshotStatus.PENDING,
                "",
                clock.instant(),
                false,
                "crash",
                null,
                null);
        try {
            return store.insert(draft);
        } catch (DuplicateKeyException e) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
    }

    private static TaskRequest request(TaskKind kind, Caller caller, Disk disk, String msg, String name) {
        return new TaskRequest(
                kind,
                caller,
                disk.ownerId(),
                disk.vmId(),
                List.of(disk.id()),
                false,
                Map.of("drive", disk.uuid(), "snapname", name),
                new LogInfo(msg, "snapname='" + name + "'", "drive", disk.uuid(), disk.name()));
    }
}

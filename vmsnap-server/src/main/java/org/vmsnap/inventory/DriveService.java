package org.vmsnap.inventory;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.task.Task;

/**
 * Disks addressed by uuid, with or without a VM (CloudSigma drives): list, get, create with a new empty image,
 * update name, media and meta, delete with their snapshots. A drive another user owns, or one being deleted, answers
 * exactly like a missing one ({@link org.vmsnap.shared.NotFoundException} of {@code DISK}). Thread-safe.
 */
@Service
public class DriveService {
    private final Drives drives;

    public DriveService(Drives drives) {
        this.drives = drives;
    }

    /** A drive the caller may see. */
    public DriveView drive(Caller caller, String uuid) {
        return drives.drive(caller, uuid);
    }

    /** The drives the caller may see (own ones; admins: the DC's), oldest first. */
    public List<DriveView> drives(Caller caller) {
        return drives.drives(caller);
    }

    /** Records the drive (status CREATING) and queues the creation of its image; READY once it exists. */
    @Transactional
    public DriveView create(Caller caller, CreateDriveCommand command) {
        return drives.create(caller, command);
    }

    /** Changes name, media and meta (a given meta map replaces the old one); no task. */
    @Transactional
    public DriveView update(Caller caller, String uuid, UpdateDriveCommand command) {
        return drives.update(caller, uuid, command);
    }

    /**
     * Deletes an unattached, READY drive with its image and all its snapshots. It is invisible at once; the task
     * runs after the tasks already queued on it.
     *
     * @throws org.vmsnap.shared.DiskStateException when attached or not READY
     */
    @Transactional
    public Task delete(Caller caller, String uuid) {
        return drives.delete(caller, uuid);
    }

    /** For the snapshot module: a new drive row (CLONING) to copy {@code source}'s snapshot into. */
    public Disk defineClone(Disk source, String name, String media) {
        return drives.defineClone(source, name, media);
    }

    /** For the snapshot module: settles a clone target once the copy ended. Runs inside the clone's task. */
    public void cloneDone(Disk target, boolean copied) {
        drives.cloneDone(target, copied);
    }

    /** After a crash: settles drives whose creation, clone or deletion the interrupted task left half done. */
    public void recover(Task interrupted) {
        switch (interrupted.kind()) {
            case DRIVE_CREATE, DRIVE_CLONE, DRIVE_DELETE -> drives.recover(interrupted);
            default -> {}
        }
    }
}

package org.vmsnap.snapshot;

import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.task.TaskEnd;
import org.vmsnap.task.TaskOutcome;

/**
 * Task bodies: each runs alone on its disk(s), touches the image through the driver, then settles the rows it
 * marked before the task was queued. On failure every row goes back to where it was.
 */
@Component
class SnapshotWorker {
    private static final Logger log = LoggerFactory.getLogger(SnapshotWorker.class);

    private final StorageDriver driver;
    private final SnapshotStore store;
    private final ImageSizes sizes;
    private final Reconciler reconciler;
    private final InventoryService inventory;
    private final TransactionTemplate tx;
    private final Images images;
    private final RuntimeService runtime;

    SnapshotWorker(
            StorageDriver driver,
            SnapshotStore store,
            ImageSizes sizes,
            Reconciler reconciler,
            InventoryService inventory,
            TransactionTemplate tx,
            Images images,
            RuntimeService runtime) {
        this.images = images;
        this.runtime = runtime;
        this.driver = driver;
        this.store = store;
        this.sizes = sizes;
        this.reconciler = reconciler;
        this.inventory = inventory;
        this.tx = tx;
    }

    TaskEnd create(Disk disk, long snapshotId, String tag, boolean fsfreeze) {
        ImageRef image = images.of(disk);
        FreezeOutcome freeze;
        try {
            freeze = driver.createSnapshot(image, tag, fsfreeze);
        } catch (StorageException e) {
            if (image.live() != null && vmGone(disk)) {
                // QEMU died during the snapshot: whatever it wrote under the tag goes too. Only this snapshot's
                // own tag: a reconcile here would also settle the intents of tasks queued behind this one.
                deleteFromImageQuietly(disk, tag);
            }
            return new TaskEnd(failure(e), () -> store.delete(snapshotId));
        }
        String message = "Snapshot successfully created";
        TaskOutcome outcome =
                TaskOutcome.ok(freeze == FreezeOutcome.FAILED ? message + " (filesystem freeze failed)" : message);
        return new TaskEnd(outcome, () -> {
            store.setStatus(snapshotId, SnapshotStatus.PENDING, SnapshotStatus.OK);
            if (freeze != FreezeOutcome.NOT_ASKED) {
                store.setConsistency(
                        snapshotId,
                        freeze == FreezeOutcome.FROZEN,
                        freeze == FreezeOutcome.FROZEN ? "frozen" : "crash");
            }
            if (image.live() == null) {
                sizes.refreshQuietly(disk, image); // a running VM's sizes are read when it stops, or on sync
            }
        });
    }

    private boolean vmGone(Disk disk) {
        return disk.vmId() != null
                && inventory.vm(disk.vmId()).map(runtime::settleIfGone).orElse(false);
    }

    /** A failed create must leave nothing: a snapshot QEMU wrote before it died is removed from the image. */
    private void deleteFromImageQuietly(Disk disk, String tag) {
        try {
            if (driver.inspect(disk.image()).snapshots().stream()
                    .anyMatch(s -> s.tag().equals(tag))) {
                driver.deleteSnapshot(disk.image(), tag);
                sizes.refreshQuietly(disk, disk.image());
            }
        } catch (StorageException e) {
            log.warn("cannot remove snapshot {} of disk {}: {}", tag, disk.uuid(), e.getMessage());
        }
    }

    /** Deletes the snapshots from the image in order, stopping at the first failure. */
    TaskEnd delete(Disk disk, List<Snapshot> snapshots, String message, String detail) {
        ImageRef image = images.of(disk);
        int done = 0;
        StorageException failure = null;
        for (Snapshot s : snapshots) {
            try {
                driver.deleteSnapshot(image, s.tag());
                done++;
            } catch (StorageException e) {
                failure = e;
                break;
            }
        }
        List<Snapshot> deleted = snapshots.subList(0, done);
        List<Snapshot> kept = snapshots.subList(done, snapshots.size());
        TaskOutcome outcome = failure == null ? new TaskOutcome(true, 0, message, detail) : failure(failure);
        return new TaskEnd(outcome, () -> {
            deleted.forEach(s -> store.delete(s.id()));
            kept.forEach(s -> store.setStatus(s.id(), SnapshotStatus.DELETING, SnapshotStatus.OK));
            if (image.live() == null) {
                sizes.refreshQuietly(disk, image);
            }
        });
    }

    /** {@link #delete}, its rows settled at once (for a body that goes on after it). */
    TaskOutcome deleteNow(Disk disk, List<Snapshot> snapshots, String message, String detail) {
        TaskEnd end = delete(disk, snapshots, message, detail);
        tx.executeWithoutResult(status -> end.settle().run());
        return end.outcome();
    }

    TaskOutcome rollback(Vm vm, Disk disk, Snapshot target, NewerSnapshots newer) {
        try {
            driver.revertToSnapshot(disk.image(), target.tag());
        } catch (StorageException e) {
            store.setStatus(target.id(), SnapshotStatus.ROLLBACK, SnapshotStatus.OK);
            inventory.transition(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
            return failure(e);
        }
        TaskOutcome outcome = TaskOutcome.ok("Snapshot successfully restored");
        if (newer == NewerSnapshots.DISCARD) {
            // Only snapshots that exist: a pending one belongs to a create queued behind this rollback (which must
            // not be discarded, nor marked OK before its tag exists), one being deleted to its own task.
            List<Snapshot> discard = store.newer(disk.id(), target.id()).stream()
                    .map(SnapshotStore.Row::snapshot)
                    .filter(s -> s.status() == SnapshotStatus.OK)
                    .filter(s -> store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING))
                    .toList();
            TaskOutcome deleted = deleteNow(disk, discard, outcome.message(), "");
            if (!deleted.success()) {
                outcome = deleted;
            }
        }
        store.setStatus(target.id(), SnapshotStatus.ROLLBACK, SnapshotStatus.OK);
        inventory.transition(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
        if (newer != NewerSnapshots.DISCARD) {
            refreshQuietly(disk); // delete() above already measured the image after the revert
        }
        return outcome;
    }

    TaskOutcome restore(
            Vm source, Disk sourceDisk, Snapshot snapshot, Vm target, Disk targetDisk, VmState sourceState) {
        try {
            driver.copySnapshotInto(sourceDisk.image(), snapshot.tag(), targetDisk.image());
            // the copy replaced the image and its snapshots; a pending row is a create queued behind this restore
            tx.executeWithoutResult(s -> store.ofDisk(targetDisk.id()).stream()
                    .map(SnapshotStore.Row::snapshot)
                    .filter(snap -> snap.status() != SnapshotStatus.PENDING)
                    .forEach(snap -> store.delete(snap.id())));
            return TaskOutcome.ok("Snapshot successfully restored");
        } catch (StorageException e) {
            return failure(e);
        } finally {
            store.setStatus(snapshot.id(), SnapshotStatus.ROLLBACK, SnapshotStatus.OK);
            inventory.transition(target.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
            inventory.transition(source.id(), EnumSet.of(VmState.NOTREADY), sourceState);
        }
    }

    /** Reconciles the disk, settling of its intents only {@code leftovers} (those decided before the sync). */
    TaskOutcome sync(Disk disk, java.util.Set<Long> leftovers) {
        Reconciler.Result result;
        try {
            result = reconciler.reconcile(disk, leftovers);
        } catch (StorageException e) {
            return failure(e);
        }
        StringBuilder message = new StringBuilder("Snapshots successfully synced");
        if (result.lost() > 0) {
            message.append("; WARNING: ").append(result.lost()).append(" snapshot(s) lost");
        }
        if (result.found() > 0) {
            message.append("; WARNING: ").append(result.found()).append(" snapshot(s) found");
        }
        return TaskOutcome.ok(message.toString());
    }

    /** Re-reads the sizes of the disk's snapshots from its image (logged, not thrown, when it cannot be read). */
    void refreshSizes(Disk disk) {
        refreshQuietly(disk);
    }

    private void refreshQuietly(Disk disk) {
        sizes.refreshQuietly(disk, images.of(disk));
    }

    static TaskOutcome failure(StorageException e) {
        if (e instanceof ImageLockedException) {
            return TaskOutcome.failed(1, "VM is running", "Got bad return code (1). Error: " + e.getMessage());
        }
        return TaskOutcome.failed(
                e.returnCode(),
                e.getMessage(),
                "Got bad return code (" + e.returnCode() + "). Error: " + e.getMessage());
    }
}

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
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.StorageDriver;
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

    SnapshotWorker(
            StorageDriver driver,
            SnapshotStore store,
            ImageSizes sizes,
            Reconciler reconciler,
            InventoryService inventory,
            TransactionTemplate tx) {
        this.driver = driver;
        this.store = store;
        this.sizes = sizes;
        this.reconciler = reconciler;
        this.inventory = inventory;
        this.tx = tx;
    }

    TaskOutcome create(Disk disk, long snapshotId, String tag) {
        try {
            driver.createSnapshot(disk.image(), tag);
        } catch (StorageException e) {
            store.delete(snapshotId);
            return failure(e);
        }
        tx.executeWithoutResult(s -> {
            store.setStatus(snapshotId, SnapshotStatus.PENDING, SnapshotStatus.OK);
            refreshQuietly(disk);
        });
        return TaskOutcome.ok("Snapshot successfully created");
    }

    TaskOutcome delete(Disk disk, List<Snapshot> snapshots, String message, String detail) {
        int done = 0;
        StorageException failure = null;
        for (Snapshot s : snapshots) {
            try {
                driver.deleteSnapshot(disk.image(), s.tag());
                done++;
            } catch (StorageException e) {
                failure = e;
                break;
            }
        }
        List<Snapshot> deleted = snapshots.subList(0, done);
        List<Snapshot> kept = snapshots.subList(done, snapshots.size());
        tx.executeWithoutResult(status -> {
            deleted.forEach(s -> store.delete(s.id()));
            kept.forEach(s -> store.setStatus(s.id(), SnapshotStatus.DELETING, SnapshotStatus.OK));
            refreshQuietly(disk);
        });
        return failure == null ? new TaskOutcome(true, 0, message, detail) : failure(failure);
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
            List<Snapshot> discard = store.newer(disk.id(), target.id()).stream()
                    .map(SnapshotStore.Row::snapshot)
                    .filter(s -> store.setStatus(s.id(), s.status(), SnapshotStatus.DELETING))
                    .toList();
            TaskOutcome deleted = delete(disk, discard, outcome.message(), "");
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
            tx.executeWithoutResult(s -> {
                store.ofDisk(targetDisk.id())
                        .forEach(r -> store.delete(r.snapshot().id()));
            });
            return TaskOutcome.ok("Snapshot successfully restored");
        } catch (StorageException e) {
            return failure(e);
        } finally {
            store.setStatus(snapshot.id(), SnapshotStatus.ROLLBACK, SnapshotStatus.OK);
            inventory.transition(target.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
            inventory.transition(source.id(), EnumSet.of(VmState.NOTREADY), sourceState);
        }
    }

    TaskOutcome sync(Disk disk) {
        Reconciler.Result result;
        try {
            result = reconciler.reconcile(disk);
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

    private void refreshQuietly(Disk disk) {
        try {
            sizes.refresh(disk);
        } catch (StorageException e) {
            log.warn("cannot measure snapshots of disk {}: {}", disk.uuid(), e.getMessage());
        }
    }

    private static TaskOutcome failure(StorageException e) {
        if (e instanceof ImageLockedException) {
            return TaskOutcome.failed(1, "VM is running", "Got bad return code (1). Error: " + e.getMessage());
        }
        return TaskOutcome.failed(
                e.returnCode(),
                e.getMessage(),
                "Got bad return code (" + e.returnCode() + "). Error: " + e.getMessage());
    }
}

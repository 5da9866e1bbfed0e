package org.vmsnap.snapshot;

import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.task.TaskEnd;
import org.vmsnap.task.TaskOutcome;

/** Task bodies of {@link VmStateSnapshots}: each holds all of the VM's disks while it runs. */
@Component
class VmStateWorker {
    private static final Logger log = LoggerFactory.getLogger(VmStateWorker.class);

    /** One disk's share of a whole-VM snapshot. */
    record Part(Disk disk, Snapshot snapshot) {}

    private final StorageDriver driver;
    private final SnapshotStore store;
    private final Images images;
    private final ImageSizes sizes;
    private final InventoryService inventory;
    private final RuntimeService runtime;

    VmStateWorker(
            StorageDriver driver,
            SnapshotStore store,
            Images images,
            ImageSizes sizes,
            InventoryService inventory,
            RuntimeService runtime) {
        this.driver = driver;
        this.store = store;
        this.images = images;
        this.sizes = sizes;
        this.inventory = inventory;
        this.runtime = runtime;
    }

    /** With the VM running: disks and memory under {@code tag}; a VM stopped meanwhile gets disk snapshots only. */
    TaskEnd create(Vm vm, List<Disk> disks, List<Long> ids, String tag) {
        List<ImageRef> refs = disks.stream().map(images::of).toList();
        boolean live = refs.stream().allMatch(r -> r.live() != null);
        try {
            if (live) {
                driver.createVmStateSnapshot(refs, tag);
            } else {
                refs.forEach(r -> driver.createSnapshot(r, tag));
            }
        } catch (StorageException e) {
            if (live) {
                runtime.settleIfGone(vm);
            }
            disks.forEach(d -> removeQuietly(d, tag)); // QEMU may have written the tag to some disks
            return new TaskEnd(SnapshotWorker.failure(e), () -> ids.forEach(store::delete));
        }
        TaskOutcome outcome = TaskOutcome.ok(
                live
                        ? "Snapshot successfully created with the VM's memory state"
                        : "Snapshot successfully created (the VM was not running: disks only)");
        return new TaskEnd(outcome, () -> {
            for (int i = 0; i < disks.size(); i++) {
                store.setStatus(ids.get(i), SnapshotStatus.PENDING, SnapshotStatus.OK);
                if (live) {
                    store.setConsistency(ids.get(i), false, VmStateSnapshots.MEMORY);
                } else {
                    refresh(disks.get(i), refs.get(i));
                }
            }
        });
    }

    TaskOutcome revert(Vm vm, List<Part> parts, boolean wasRunning) {
        String tag = parts.get(0).snapshot().tag();
        try {
            if (wasRunning) {
                List<ImageRef> refs =
                        parts.stream().map(p -> images.of(p.disk())).toList();
                driver.loadVmStateSnapshot(refs, tag);
                return TaskOutcome.ok("Snapshot successfully restored; the VM runs in its saved state");
            }
            if (runtime.managed(vm)) {
                TaskOutcome started = runtime.resumeHeld(vm, tag);
                return started.success()
                        ? TaskOutcome.ok("Snapshot successfully restored; the VM was started in its saved state")
                        : started;
            }
            for (Part p : parts) {
                driver.revertToSnapshot(p.disk().image(), tag);
                refresh(p.disk(), p.disk().image());
            }
            return TaskOutcome.ok("Snapshot successfully restored (disks only: vmsnap does not start this VM)");
        } catch (StorageException e) {
            if (wasRunning) {
                runtime.settleIfGone(vm);
            }
            return SnapshotWorker.failure(e);
        } finally {
            parts.forEach(p -> store.setStatus(p.snapshot().id(), SnapshotStatus.ROLLBACK, SnapshotStatus.OK));
            if (!wasRunning) {
                inventory.transition(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
            }
        }
    }

    private void removeQuietly(Disk disk, String tag) {
        try {
            ImageRef image = images.of(disk);
            if (driver.inspect(image).snapshots().stream().anyMatch(s -> s.tag().equals(tag))) {
                driver.deleteSnapshot(image, tag);
            }
        } catch (StorageException e) {
            log.warn("cannot remove snapshot {} of disk {}: {}", tag, disk.uuid(), e.getMessage());
        }
    }

    private void refresh(Disk disk, ImageRef image) {
        if (image.live() == null) { // a running VM's sizes are read when it stops, or on sync
            sizes.refreshQuietly(disk, image);
        }
    }
}

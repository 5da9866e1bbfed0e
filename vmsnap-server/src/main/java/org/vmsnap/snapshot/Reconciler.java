package org.vmsnap.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.Disk;
import org.vmsnap.shared.TimeOrderedIds;
import org.vmsnap.storage.spi.ImageCheck;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.storage.spi.StoredSnapshot;

/**
 * Makes the database agree with an image's own snapshot table, which is the truth. Runs alone on its disk (inside
 * a task, or while a task left by a crash is settled). Intents (rows of creates and deletes not settled) it may
 * settle are leftovers only: after a crash all of them; in a sync task those that were intents when the sync was
 * decided, since the tasks that decided them ran before it. An intent decided after the sync belongs to a task queued
 * behind it on the disk, which settles it itself.
 */
@Component
class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final Pattern VMSNAP_TAG = Pattern.compile("vs-[0-9]+");

    private final StorageDriver driver;
    private final Images images;
    private final SnapshotStore store;
    private final ImageSizes sizes;

    Reconciler(StorageDriver driver, SnapshotStore store, ImageSizes sizes, Images images) {
        this.images = images;
        this.driver = driver;
        this.store = store;
        this.sizes = sizes;
    }

    /** What a reconciliation changed. */
    record Result(int lost, int found) {}

    /**
     * After a crash: drops the leftovers of an interrupted copy, checks and repairs the image, then reconciles,
     * settling every intent; returns what the check found and repaired.
     */
    ImageCheck recover(Disk disk) {
        driver.discardLeftovers(disk.image());
        ImageCheck check = driver.repair(images.of(disk));
        reconcile(disk, null);
        return check;
    }

    /**
     * Reconciles the disk; {@code leftovers}: the intents it may settle (null: all). Other intents, and the tags
     * they name, are left to the tasks that decided them.
     */
    Result reconcile(Disk disk, Set<Long> leftovers) {
        ImageRef image = images.of(disk);
        ImageInfo info = driver.inspect(image);
        Map<String, StoredSnapshot> inImage = info.snapshots().stream()
                .collect(Collectors.toMap(StoredSnapshot::tag, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        int lost = 0;
        boolean imageChanged = false;
        for (SnapshotStore.Row row : store.ofDisk(disk.id())) {
            Snapshot s = row.snapshot();
            boolean present = inImage.containsKey(s.tag());
            boolean intent = s.status() == SnapshotStatus.PENDING || s.status() == SnapshotStatus.DELETING;
            if (intent && leftovers != null && !leftovers.contains(s.id())) {
                continue; // a task queued behind this sync decided it
            }
            switch (s.status()) {
                case DELETING -> {
                    if (present) {
                        driver.deleteSnapshot(image, s.tag());
                        inImage.remove(s.tag());
                        imageChanged = true;
                    }
                    store.delete(s.id());
                }
                case PENDING -> {
                    if (present) {
                        store.setStatus(s.id(), SnapshotStatus.PENDING, SnapshotStatus.OK);
                    } else {
                        store.delete(s.id());
                    }
                }
                default -> {
                    if (present && s.status() != SnapshotStatus.OK) {
                        store.setStatus(s.id(), s.status(), SnapshotStatus.OK);
                    } else if (!present && s.status() != SnapshotStatus.LOST) {
                        store.setStatus(s.id(), s.status(), SnapshotStatus.LOST);
                        lost++;
                    }
                }
            }
        }
        Set<String> known =
                store.ofDisk(disk.id()).stream().map(r -> r.snapshot().tag()).collect(Collectors.toSet());
        int found = 0;
        for (StoredSnapshot stored : inImage.values()) {
            if (VMSNAP_TAG.matcher(stored.tag()).matches() && !known.contains(stored.tag())) {
                adopt(disk, stored);
                found++;
            }
        }
        // The sizes read at the start still hold unless a leftover delete changed the image's snapshot set.
        if (imageChanged) {
            sizes.refresh(disk, image);
        } else {
            sizes.apply(disk, info);
        }
        if (lost > 0 || found > 0) {
            log.info("disk {}: {} snapshot(s) lost, {} found", disk.uuid(), lost, found);
        }
        return new Result(lost, found);
    }

    private void adopt(Disk disk, StoredSnapshot stored) {
        String name = store.byName(disk.id(), stored.tag()).isEmpty() ? stored.tag() : stored.tag() + "-found";
        store.insert(new Snapshot(
                0,
                TimeOrderedIds.uuid().toString(),
                disk.id(),
                disk.vmId(),
                name,
                stored.tag(),
                SnapshotType.MANUAL,
                "sync",
                null,
                SnapshotStatus.OK,
                "Found by snapshot sync",
                stored.created(),
                false,
                "crash",
                null,
                null));
    }
}

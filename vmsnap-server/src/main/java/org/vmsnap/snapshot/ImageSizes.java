package org.vmsnap.snapshot;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.Disk;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.storage.spi.StoredSnapshot;

/** Writes the sizes the image's metadata gives back onto the snapshot rows, after every change to an image. */
@Component
class ImageSizes {
    private static final Logger log = LoggerFactory.getLogger(ImageSizes.class);

    private final StorageDriver driver;
    private final SnapshotStore store;

    private final Images images;

    ImageSizes(StorageDriver driver, SnapshotStore store, Images images) {
        this.driver = driver;
        this.store = store;
        this.images = images;
    }

    /** Reads the image once and updates every row whose sizes changed; returns what was read. */
    ImageInfo refresh(Disk disk) {
        return refresh(disk, images.of(disk));
    }

    /** The same, for a caller that already knows how the image must be reached now. */
    ImageInfo refresh(Disk disk, ImageRef image) {
        ImageInfo info = driver.inspect(image);
        apply(disk, info);
        return info;
    }

    /**
     * {@link #refresh(Disk, ImageRef)} after a task changed the image: a failure to read it is logged, not thrown
     * (the change itself stands; a later sync measures again).
     */
    void refreshQuietly(Disk disk, ImageRef image) {
        try {
            refresh(disk, image);
        } catch (StorageException e) {
            log.warn("cannot measure snapshots of disk {}: {}", disk.uuid(), e.getMessage());
        }
    }

    void apply(Disk disk, ImageInfo info) {
        Map<String, StoredSnapshot> byTag = info.snapshots().stream()
                .collect(Collectors.toMap(StoredSnapshot::tag, Function.identity(), (a, b) -> a));
        for (SnapshotStore.Row row : store.ofDisk(disk.id())) {
            Snapshot s = row.snapshot();
            StoredSnapshot stored = byTag.get(s.tag());
            if (stored == null) {
                continue;
            }
            if (!Long.valueOf(stored.exclusiveBytes()).equals(s.exclusiveBytes())
                    || !Long.valueOf(stored.changedSinceBytes()).equals(s.changedSinceBytes())) {
                store.setSizes(s.id(), stored.exclusiveBytes(), stored.changedSinceBytes());
            }
        }
    }
}

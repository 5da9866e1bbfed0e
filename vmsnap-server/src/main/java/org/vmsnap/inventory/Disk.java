package org.vmsnap.inventory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.vmsnap.storage.spi.ImageRef;

/**
 * A virtual disk (a CloudSigma drive): an image on its node, attached to at most one VM at a 1-based position.
 *
 * @param vmId attached VM, or null
 * @param position 1-based position in the VM ({@code disk_id}), or null when unattached
 * @param node the node that holds the image (hostname), or null for the server's embedded node
 */
public record Disk(
        long id,
        String uuid,
        String name,
        long ownerId,
        Long vmId,
        Integer position,
        long sizeBytes,
        String media,
        DiskStatus status,
        Path imagePath,
        boolean adopted,
        Instant createdAt,
        String node) {
    public Disk {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(imagePath, "imagePath");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    public ImageRef image() {
        return new ImageRef(imagePath, null, node);
    }

    /** Size in MiB, as Danube shows it. */
    public long sizeMb() {
        return sizeBytes / (1024 * 1024);
    }
}

package org.vmsnap.storage.spi;

import java.util.List;

/**
 * What an image holds: its guest-visible size and its internal snapshots with their sizes.
 *
 * @param virtualSize guest-visible size in bytes
 * @param snapshots internal snapshots in the order of the image's snapshot table
 */
public record ImageInfo(long virtualSize, List<StoredSnapshot> snapshots) {
    public ImageInfo {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("virtualSize must not be negative");
        }
        snapshots = List.copyOf(snapshots);
    }
}

package org.vmsnap.storage.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One internal snapshot as the image itself records it.
 *
 * @param tag the name inside the image (vmsnap writes {@code vs-<id>})
 * @param created when the snapshot was taken, per the image
 * @param exclusiveBytes bytes deleting it would free (its saved memory state included)
 * @param changedSinceBytes guest bytes written to the disk since it was taken
 */
public record StoredSnapshot(String tag, Instant created, long exclusiveBytes, long changedSinceBytes) {
    public StoredSnapshot {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(created, "created");
        if (exclusiveBytes < 0 || changedSinceBytes < 0) {
            throw new IllegalArgumentException("sizes must not be negative");
        }
    }
}

package org.vmsnap.snapshot;

import java.util.Objects;

/**
 * A snapshot as a drive lists it.
 *
 * @param changedSinceBytes data written to the drive since it was taken; null while being taken
 */
public record SnapshotRef(String uuid, Long changedSinceBytes) {
    public SnapshotRef {
        Objects.requireNonNull(uuid, "uuid");
    }
}

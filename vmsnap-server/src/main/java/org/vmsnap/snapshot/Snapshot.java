package org.vmsnap.snapshot;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one disk.
 *
 * @param name user-facing name, unique per disk
 * @param tag the name inside the image ({@code vs-<id>}), never user text
 * @param exclusiveBytes what deleting it frees; null until first measured
 * @param changedSinceBytes data written to the disk since it was taken; null until first measured
 */
public record Snapshot(
        long id,
        String uuid,
        long diskId,
        Long vmId,
        String name,
        String tag,
        SnapshotType type,
        String origin,
        Long defineId,
        SnapshotStatus status,
        String note,
        Instant createdAt,
        boolean fsfreeze,
        String consistency,
        Long exclusiveBytes,
        Long changedSinceBytes) {
    public Snapshot {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The storage tag vmsnap gives snapshot {@code id}. */
    public static String tagFor(long id) {
        return "vs-" + id;
    }
}

package org.vmsnap.snapshot;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A snapshot as the drive-addressed front doors show it.
 *
 * @param driveUuid uuid of its disk
 * @param ownerUuid uuid of the disk's owner
 * @param meta free-form string map, in key order
 */
public record DriveSnapshotView(Snapshot snapshot, String driveUuid, String ownerUuid, Map<String, String> meta) {
    public DriveSnapshotView {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(driveUuid, "driveUuid");
        Objects.requireNonNull(ownerUuid, "ownerUuid");
        meta = Collections.unmodifiableMap(new TreeMap<>(meta));
    }

    DriveSnapshotView withMeta(Map<String, String> newMeta) {
        return new DriveSnapshotView(snapshot, driveUuid, ownerUuid, newMeta);
    }
}

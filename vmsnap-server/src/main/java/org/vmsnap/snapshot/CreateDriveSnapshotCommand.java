package org.vmsnap.snapshot;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Take a snapshot of a drive addressed by uuid. The front door has validated name and meta against its own rules.
 *
 * @param name the snapshot's name; empty for a generated {@code <drive_uuid>__YYYY-MM-DD__HH_MM_SS}
 */
public record CreateDriveSnapshotCommand(String driveUuid, Optional<String> name, Map<String, String> meta) {
    public CreateDriveSnapshotCommand {
        Objects.requireNonNull(driveUuid, "driveUuid");
        Objects.requireNonNull(name, "name");
        meta = Map.copyOf(meta);
        if (name.isPresent() && (name.get().isEmpty() || name.get().length() > 255)) {
            throw new IllegalArgumentException("name must have 1-255 characters");
        }
    }
}

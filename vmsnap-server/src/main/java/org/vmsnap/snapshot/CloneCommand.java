package org.vmsnap.snapshot;

import java.util.Objects;
import java.util.Optional;

/**
 * Copy a snapshot into a new, independent drive.
 *
 * @param name the new drive's name; empty for the snapshot's name
 * @param media the new drive's media; empty for the source drive's
 */
public record CloneCommand(String snapshotUuid, Optional<String> name, Optional<String> media) {
    public CloneCommand {
        Objects.requireNonNull(snapshotUuid, "snapshotUuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(media, "media");
    }
}

package org.vmsnap.snapshot;

import java.util.Objects;

/**
 * Take a snapshot of one disk of a VM. The front door has validated the name and note against its own rules.
 *
 * @param defineId the definition that asks for it (automatic snapshots), or null
 */
public record CreateSnapshotCommand(
        String vmRef, int diskPosition, String name, String note, boolean fsfreeze, SnapshotType type, Long defineId) {
    public CreateSnapshotCommand {
        Objects.requireNonNull(vmRef, "vmRef");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("name must have 1-255 characters");
        }
    }
}

package org.vmsnap.inventory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Changes to a drive's name, media and meta; an empty value leaves the field as it is, a meta map replaces all. */
public record UpdateDriveCommand(Optional<String> name, Optional<String> media, Optional<Map<String, String>> meta) {
    public UpdateDriveCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(media, "media");
        meta = Objects.requireNonNull(meta, "meta").map(Map::copyOf);
        if (name.isPresent() && (name.get().isEmpty() || name.get().length() > 255)) {
            throw new IllegalArgumentException("name must have 1-255 characters");
        }
    }
}

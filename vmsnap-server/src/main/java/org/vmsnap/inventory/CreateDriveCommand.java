package org.vmsnap.inventory;

import java.util.Map;
import java.util.Objects;

/**
 * A new standalone drive with an empty image. The front door has validated the values against its own rules.
 *
 * @param sizeBytes guest-visible size
 * @param media {@code disk} or {@code cdrom}
 */
public record CreateDriveCommand(String name, long sizeBytes, String media, Map<String, String> meta) {
    public CreateDriveCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(media, "media");
        meta = Map.copyOf(meta);
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("name must have 1-255 characters");
        }
        if (sizeBytes < 1) {
            throw new IllegalArgumentException("size must be positive");
        }
    }
}

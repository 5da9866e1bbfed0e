package org.vmsnap.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * Add a disk to a VM that is not deployed yet: either a new image of {@code sizeBytes}, or an existing qcow2
 * image under the data directory to adopt.
 *
 * @param image path relative to the data directory
 */
public record DefineDiskCommand(int position, Optional<Long> sizeBytes, Optional<String> image) {
    public DefineDiskCommand {
        Objects.requireNonNull(sizeBytes, "sizeBytes");
        Objects.requireNonNull(image, "image");
        if (sizeBytes.isPresent() == image.isPresent()) {
            throw new IllegalArgumentException("exactly one of size and image");
        }
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1");
        }
    }
}

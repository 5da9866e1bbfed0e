package org.vmsnap.storage.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The disk image a driver acts on. Built by the core from its own records, never from user text.
 *
 * @param path absolute path of the image file on its node
 */
public record ImageRef(Path path) {
    public ImageRef {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("image path must be absolute: " + path);
        }
    }
}

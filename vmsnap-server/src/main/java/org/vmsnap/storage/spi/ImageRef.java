package org.vmsnap.storage.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The disk image a driver acts on. Built by the core from its own records, never from user text.
 *
 * @param path absolute path of the image file on its node
 * @param live the QEMU holding the image open when its VM runs, or null for an offline image
 */
public record ImageRef(Path path, LiveImage live) {
    public ImageRef {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("image path must be absolute: " + path);
        }
    }

    /** An offline image. */
    public ImageRef(Path path) {
        this(path, null);
    }

    /** The same image, held open by the running QEMU {@code live}. */
    public ImageRef running(LiveImage live) {
        return new ImageRef(path, Objects.requireNonNull(live, "live"));
    }

    /** The running QEMU that holds the image, if any. */
    public Optional<LiveImage> liveImage() {
        return Optional.ofNullable(live);
    }
}

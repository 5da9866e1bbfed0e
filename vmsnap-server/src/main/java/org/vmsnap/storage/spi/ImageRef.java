package org.vmsnap.storage.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The disk image a driver acts on. Built by the core from its own records, never from user text.
 *
 * @param path absolute path of the image file on its node
 * @param live the QEMU holding the image open when its VM runs, or null for an offline image
 * @param node the node that holds the image (its hostname), or null for the server's own embedded node
 */
public record ImageRef(Path path, LiveImage live, String node) {
    public ImageRef {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("image path must be absolute: " + path);
        }
    }

    /** An offline image on the embedded node. */
    public ImageRef(Path path) {
        this(path, null, null);
    }

    /** An image on the embedded node, held by {@code live} when not null. */
    public ImageRef(Path path, LiveImage live) {
        this(path, live, null);
    }

    /** The same image, held open by the running QEMU {@code live}. */
    public ImageRef running(LiveImage live) {
        return new ImageRef(path, Objects.requireNonNull(live, "live"), node);
    }

    /** The same image, on {@code node} (null: the embedded node). */
    public ImageRef on(String node) {
        return new ImageRef(path, live, node);
    }

    /** The running QEMU that holds the image, if any. */
    public Optional<LiveImage> liveImage() {
        return Optional.ofNullable(live);
    }
}

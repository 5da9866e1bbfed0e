package org.vmsnap.agent;

import java.nio.file.Path;
import org.vmsnap.qemu.RunDirectory;

/**
 * The places on this node a call may name: images in the images directory, boot files in the data directory,
 * sockets of running VMs in the data directory or in the run directory the hypervisor keeps them in. Anything
 * else is refused before any program runs, so a call cannot reach the rest of the host.
 */
final class NodeFiles {
    private final Path dataDir;
    private final Path imagesDir;
    private final Path runDir;

    NodeFiles(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.imagesDir = this.dataDir.resolve("images");
        this.runDir = RunDirectory.of(this.dataDir);
    }

    Path dataDir() {
        return dataDir;
    }

    Path imagesDir() {
        return imagesDir;
    }

    boolean image(Path path) {
        return within(path, imagesDir);
    }

    boolean bootFile(Path path) {
        return within(path, dataDir);
    }

    boolean socket(Path path) {
        return within(path, dataDir) || within(path, runDir);
    }

    private static boolean within(Path path, Path dir) {
        Path normal = path.toAbsolutePath().normalize();
        return normal.startsWith(dir) && !normal.equals(dir);
    }
}

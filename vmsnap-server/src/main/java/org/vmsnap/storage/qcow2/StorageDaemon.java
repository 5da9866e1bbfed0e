package org.vmsnap.storage.qcow2;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.qemu.QmpClient;
import org.vmsnap.qemu.QmpException;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;

/**
 * One long-running {@code qemu-storage-daemon} that takes internal snapshots of offline images over QMP, so a
 * snapshot costs a QMP round trip instead of starting {@code qemu-img}. Each operation opens the image
 * ({@code blockdev-add}, which takes QEMU's write lock exactly as {@code qemu-img} does), runs the snapshot command
 * and closes it again ({@code blockdev-del}), so between operations the daemon holds no image and anything else may
 * open it.
 *
 * <p>The daemon is started on first use and again whenever it has gone away. Its pid file is named after the JVM
 * that started it: a daemon left behind by a vmsnap process that died is killed when the next one starts, before
 * recovery looks at any image ({@link #killLeftovers}).
 */
final class StorageDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageDaemon.class);
    private static final Pattern RUN_FILE = Pattern.compile("qsd-([0-9]+)-[0-9a-f]+\\.(pid|sock|log)");
    private static final Duration START = Duration.ofSeconds(10);

    private final String binary;
    private final Path runDir;
    private final Duration timeout;
    private final AtomicLong nodes = new AtomicLong();
    /** {@code qsd-<pid of this JVM>-<random>}: several drivers (replicas in one JVM, in tests) may share a run dir. */
    private final String name = "qsd-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffL);

    private Process process;
    private QmpClient qmp;

    StorageDaemon(String binary, Path runDir, Duration timeout) {
        this.binary = binary;
        this.runDir = runDir;
        this.timeout = timeout;
    }

    /** Takes snapshot {@code tag} of the offline image at {@code image}. */
    void createSnapshot(Path image, String tag) {
        onImage(
                image,
                node -> monitor()
                        .execute("blockdev-snapshot-internal-sync", Map.of("device", node, "name", tag), timeout));
    }

    /** Deletes snapshot {@code tag} of the offline image at {@code image}. */
    void deleteSnapshot(Path image, String tag) {
        onImage(
                image,
                node -> monitor()
                        .execute(
                                "blockdev-snapshot-delete-internal-sync",
                                Map.of("device", node, "name", tag),
                                timeout));
    }

    private synchronized void onImage(Path image, Consumer<String> operation) {
        String node = "vs" + nodes.incrementAndGet();
        try {
            monitor()
                    .execute(
                            "blockdev-add",
                            Map.of(
                                    "driver",
                                    "qcow2",
                                    "node-name",
                                    node,
                                    "file",
                                    Map.of("driver", "file", "filename", image.toString())),
                            timeout);
        } catch (QmpException e) {
            throw translate(e, image);
        }
        try {
            operation.accept(node);
        } catch (QmpException e) {
            throw translate(e, image);
        } finally {
            close(node);
        }
    }

    private void close(String node) {
        if (qmp == null || !qmp.isOpen()) {
            return; // the daemon is being replaced: its open images close with it
        }
        try {
            qmp.execute("blockdev-del", Map.of("node-name", node), timeout);
        } catch (QmpException e) {
            log.warn("storage daemon could not close node {}: {}; restarting it", node, e.getMessage());
            stop();
        }
    }

    private RuntimeException translate(QmpException e, Path image) {
        if (!e.answered()) {
            stop();
            return new StorageException(
                    "qemu-storage-daemon failed on " + image.getFileName() + ": " + e.getMessage(), e);
        }
        String message = e.getMessage();
        if (message.contains("Failed to get \"write\" lock")
                || message.contains("Failed to get shared \"write\" lock")) {
            return new ImageLockedException("VM is running: image is in use by QEMU");
        }
        return new StorageException(message, 1);
    }

    private QmpClient monitor() {
        if (qmp != null && qmp.isOpen() && process.isAlive()) {
            return qmp;
        }
        stop();
        start();
        return qmp;
    }

    private void start() {
        Path socket = runDir.resolve(name + ".sock");
        Path pidFile = runDir.resolve(name + ".pid");
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(socket);
            process = new ProcessBuilder(List.of(
                            binary,
                            "--chardev",
                            "socket,id=qmp,path=" + socket + ",server=on,wait=off",
                            "--monitor",
                            "chardev=qmp",
                            "--pidfile",
                            pidFile.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve(name + ".log").toFile())
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new StorageException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            try {
                qmp = QmpClient.connect(socket, timeout, event -> {});
                log.info("qemu-storage-daemon started (pid {})", process.pid());
                return;
            } catch (QmpException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    stop();
                    throw new StorageException("qemu-storage-daemon did not start: " + e.getMessage(), e);
                }
                waitBriefly();
            }
        }
    }

    private static void waitBriefly() {
        try {
            TimeUnit.MILLISECONDS.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while starting qemu-storage-daemon", e);
        }
    }

    private void stop() {
        if (qmp != null) {
            qmp.close();
            qmp = null;
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops the daemon and removes its socket, pid file and log: a run directory keeps only live daemons' files. */
    @Override
    public synchronized void close() {
        stop();
        for (String suffix : new String[] {".sock", ".pid", ".log"}) {
            try {
                Files.deleteIfExists(runDir.resolve(name + suffix));
            } catch (IOException e) {
                log.warn("cannot remove {}{}: {}", name, suffix, e.getMessage());
            }
        }
    }

    /**
     * Kills the daemons in {@code runDir} whose vmsnap process is gone (they may still hold an image that recovery
     * must look at) and removes their pid files, sockets and logs. Run once per driver, before any daemon of its own
     * starts.
     */
    static void killLeftovers(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "qsd-*")) {
            for (Path file : files) {
                Matcher m = RUN_FILE.matcher(file.getFileName().toString());
                if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                if (!m.group(2).equals("pid")) {
                    Files.deleteIfExists(file);
                    continue;
                }
                daemonPid(file).flatMap(ProcessHandle::of).ifPresent(daemon -> {
                    if (daemon.info()
                            .command()
                            .map(c -> c.endsWith("qemu-storage-daemon"))
                            .orElse(false)) {
                        log.warn("killing qemu-storage-daemon {} left by a vmsnap process that died", daemon.pid());
                        daemon.destroyForcibly();
                        daemon.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    }
                });
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot clean up old storage daemons in {}: {}", runDir, e.getMessage());
        }
    }

    private static Optional<Long> daemonPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package org.vmsnap.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StoredSnapshot;

/** Several real qemu-storage-daemons: one process for operations in a row, another one when they overlap. */
class StorageDaemonsTest {
    private static final String DAEMON = "/usr/bin/qemu-storage-daemon";

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();
    private StorageDaemons daemons;
    private final List<ProcessHandle> stopped = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ProcessHandle p : stopped) {
            signal("CONT", p);
        }
        if (daemons != null) {
            daemons.close();
        }
    }

    @Test
    void aRunDirectoryKeepsOnlyTheFilesOfLiveDaemons() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        // a vmsnap process that is gone (no pid is this large) left a daemon's socket and log, and a pid file
        for (String suffix : new String[] {".sock", ".log", ".pid"}) {
            Files.writeString(run.resolve("qsd-999999999-0a1b2c" + suffix), "1");
        }
        // files of a live process (this JVM's) stay; other files are not vmsnap's to remove
        Path live =
                Files.writeString(run.resolve("qsd-" + ProcessHandle.current().pid() + "-ffee.sock"), "");
        Path foreign = Files.writeString(run.resolve("vm-1234.qmp"), "");
        daemons = new StorageDaemons(DAEMON, run, Duration.ofSeconds(60), 2);
        daemons.createSnapshot(image("a.qcow2"), "vs-1");
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("999999999")))
                    .isEmpty();
        }
        assertThat(live).exists();
        assertThat(foreign).exists();
        daemons.close();
        daemons = null;
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("a closed daemon leaves no socket, pid file or log")
                    .containsExactlyInAnyOrder(live.getFileName().toString(), "vm-1234.qmp");
        }
    }

    @Test
    void operationsInARowReuseOneDaemon() throws IOException {
        daemons = new StorageDaemons(DAEMON, dir.resolve("run"), Duration.ofSeconds(60), 4);
        Path image = image("a.qcow2");
        for (int i = 1; i <= 5; i++) {
            daemons.createSnapshot(image, "vs-" + i);
        }
        daemons.deleteSnapshot(image, "vs-3");

        assertThat(pidFiles()).hasSize(1);
        assertThat(tags(image)).containsExactly("vs-1", "vs-2", "vs-4", "vs-5");
    }

    @Test
    @Timeout(60) // a pool that serialised its images would hang on the second image: a failure, not a hung build
    void anImageWhoseDaemonIsStuckDoesNotHoldUpAnother() throws Exception {
        daemons = new StorageDaemons(DAEMON, dir.resolve("run"), Duration.ofSeconds(60), 2);
        Path first = image("first.qcow2");
        Path second = image("second.qcow2");
        daemons.createSnapshot(first, "vs-1"); // starts the first daemon
        ProcessHandle firstDaemon = daemonProcesses().get(0);
        signal("STOP", firstDaemon);
        stopped.add(firstDaemon);

        CompletableFuture<Void> stuck = CompletableFuture.runAsync(() -> daemons.createSnapshot(first, "vs-2"));
        while (daemons.idle() != 1) {
            Thread.onSpinWait(); // until the stuck operation holds the first daemon
        }
        daemons.createSnapshot(second, "vs-3"); // a second daemon takes it while the first is stuck

        assertThat(stuck).isNotDone();
        assertThat(tags(second)).containsExactly("vs-3");
        signal("CONT", firstDaemon);
        stuck.get();
        assertThat(tags(first)).containsExactly("vs-1", "vs-2");
        assertThat(pidFiles()).hasSize(2);
    }

    private Path image(String name) {
        Path image = dir.resolve(name);
        new QemuImgDriver(runner, "qemu-img").createImage(new ImageRef(image), 16L << 20);
        return image;
    }

    private List<String> tags(Path image) {
        return new QemuImgDriver(runner, "qemu-img")
                .inspect(new ImageRef(image)).snapshots().stream()
                        .map(StoredSnapshot::tag)
                        .toList();
    }

    private List<Path> pidFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("run"), "qsd-*.pid")) {
            s.forEach(files::add);
        }
        return files;
    }

    private List<ProcessHandle> daemonProcesses() throws IOException {
        List<ProcessHandle> found = new ArrayList<>();
        for (Path pidFile : pidFiles()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(found::add);
        }
        return found;
    }

    private static void signal(String signal, ProcessHandle p) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }
}

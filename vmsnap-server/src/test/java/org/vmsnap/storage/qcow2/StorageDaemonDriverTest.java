package org.vmsnap.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StoredSnapshot;

/** The driver with a real {@code qemu-storage-daemon} taking the snapshots, checked with real qemu-img/qemu-io. */
class StorageDaemonDriverTest {
    private static final String DAEMON = "/usr/bin/qemu-storage-daemon";
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();
    private QemuImgDriver driver;
    private ImageRef image;
    private Process holder;
    private Path holderLog;

    @BeforeEach
    void setUp() {
        assertThat(Path.of(DAEMON))
                .as("qemu-storage-daemon (Debian qemu-system-common)")
                .isExecutable();
        driver = new QemuImgDriver(runner, "qemu-img", DAEMON, dir.resolve("run"));
        image = new ImageRef(dir.resolve("disk.qcow2"));
        driver.createImage(image, 64L << 20);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        driver.close();
        if (holder != null) {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void snapshotsTakenThroughTheDaemonKeepTheirDataAndLeaveTheImageFree() {
        write("0xa1", 0);
        driver.createSnapshot(image, "vs-1");
        write("0xb2", 0); // the daemon holds no lock between operations
        driver.createSnapshot(image, "vs-2");

        assertThat(tags()).containsExactly("vs-1", "vs-2");
        assertThat(qemuImg("snapshot", "-l", image.path().toString()))
                .contains("vs-1")
                .contains("vs-2");
        driver.revertToSnapshot(image, "vs-1");
        assertThat(read("0xa1", 0)).isTrue();

        driver.deleteSnapshot(image, "vs-1");
        assertThat(tags()).containsExactly("vs-2");
        assertThat(qemuImg("check", image.path().toString())).contains("No errors were found");
    }

    @Test
    void anImageHeldByAnotherQemuIsReportedAsLocked() throws IOException {
        hold(image.path(), dir.resolve("holder.pid"));
        assertThatThrownBy(() -> driver.createSnapshot(image, "vs-1")).isInstanceOf(ImageLockedException.class);

        ImageRef other = new ImageRef(dir.resolve("other.qcow2"));
        driver.createImage(other, 1 << 20);
        driver.createSnapshot(other, "vs-2");
        assertThat(driver.inspect(other).snapshots())
                .extracting(StoredSnapshot::tag)
                .containsExactly("vs-2");
    }

    @Test
    void deletingAMissingSnapshotFailsWithQemusMessage() {
        assertThatThrownBy(() -> driver.deleteSnapshot(image, "vs-9"))
                .isInstanceOf(StorageException.class)
                .isNotInstanceOf(ImageLockedException.class)
                .hasMessageContaining("vs-9");
        driver.createSnapshot(image, "vs-3"); // the failure left no node behind to lock the image
        assertThat(tags()).containsExactly("vs-3");
    }

    @Test
    void aDaemonThatDiedIsStartedAgain() throws IOException {
        driver.createSnapshot(image, "vs-1");
        Path pidFile;
        try (var files = Files.newDirectoryStream(
                dir.resolve("run"), "qsd-" + ProcessHandle.current().pid() + "-*.pid")) {
            pidFile = files.iterator().next();
        }
        ProcessHandle daemon = ProcessHandle.of(
                        Long.parseLong(Files.readString(pidFile).strip()))
                .orElseThrow();
        daemon.destroyForcibly();
        daemon.onExit().join();
        driver.createSnapshot(image, "vs-2");
        assertThat(tags()).containsExactly("vs-1", "vs-2");
    }

    @Test
    void aDaemonLeftByADeadVmsnapIsKilledBeforeAnyImageIsTouched() throws Exception {
        Path run = dir.resolve("run-left");
        Files.createDirectories(run);
        long deadOwner = deadPid();
        hold(image.path(), run.resolve("qsd-" + deadOwner + "-1a2b3c.pid"));

        QemuImgDriver next = new QemuImgDriver(runner, "qemu-img", DAEMON, run);
        try {
            assertThat(holder.isAlive()).isFalse();
            next.createSnapshot(image, "vs-1");
            assertThat(next.inspect(image).snapshots())
                    .extracting(StoredSnapshot::tag)
                    .containsExactly("vs-1");
        } finally {
            next.close();
        }
    }

    private List<String> tags() {
        return driver.inspect(image).snapshots().stream()
                .map(StoredSnapshot::tag)
                .toList();
    }

    /**
     * Starts a second daemon that opens the image for writing, and waits for its pid file, which it writes once the
     * image is open (polling with qemu-img instead would race: its read lock makes the holder fail to open).
     */
    private Process hold(Path path, Path pidFile) throws IOException {
        List<String> argv = List.of(
                DAEMON,
                "--blockdev",
                "driver=file,node-name=f,filename=" + path,
                "--blockdev",
                "driver=qcow2,node-name=q,file=f",
                "--pidfile",
                pidFile.toString());
        holderLog = dir.resolve("holder.log");
        holder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(holderLog.toFile())
                .start();
        awaitFile(pidFile);
        return holder;
    }

    /** Waits for the holder to write {@code file}; a holder that died fails the test with its own output. */
    private void awaitFile(Path file) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) || Files.size(file) == 0) {
            assertAlive(holder, holderLog);
            assertThat(System.nanoTime()).as("waiting for " + file).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void assertAlive(Process p, Path output) throws IOException {
        if (!p.isAlive()) {
            throw new AssertionError(
                    "qemu-storage-daemon exited with " + p.exitValue() + ": " + Files.readString(output));
        }
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private void write(String pattern, long offset) {
        String out = qemuIo("write -P " + pattern + " " + offset + " 64k");
        assertThat(out).contains("wrote");
    }

    private boolean read(String pattern, long offset) {
        return !qemuIo("read -P " + pattern + " " + offset + " 64k").contains("Pattern verification failed");
    }

    private String qemuIo(String command) {
        ProcessRunner.Result r = runner.run(
                List.of("qemu-io", "-f", "qcow2", "-c", command, image.path().toString()), T);
        assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
        return r.stdout() + r.stderr();
    }

    private String qemuImg(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("qemu-img"));
        argv.addAll(List.of(args));
        ProcessRunner.Result r = runner.run(argv, T);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }
}

package org.vmsnap.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageRef;

class QemuImgDriverTest {

    /** Records every argv and answers with a canned result; never starts a process. */
    static final class FakeRunner extends ProcessRunner {
        final List<List<String>> calls = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        Result answer = new Result(0, "", "");
        /** Side effect of a call, e.g. writing the file qemu-img would write. */
        Consumer<List<String>> effect = argv -> {};

        @Override
        public Result run(List<String> argv, Duration timeout) {
            calls.add(List.copyOf(argv));
            timeouts.add(timeout);
            effect.accept(argv);
            return answer;
        }
    }

    @TempDir
    Path dir;

    private FakeRunner runner;
    private QemuImgDriver driver;
    private ImageRef image;

    @BeforeEach
    void setUp() {
        runner = new FakeRunner();
        driver = new QemuImgDriver(runner, "qemu-img");
        image = new ImageRef(dir.resolve("vm1/disk0.qcow2"));
    }

    private String path() {
        return image.path().toString();
    }

    @Test
    void createImage() {
        driver.createImage(image, 10_737_418_240L);
        assertThat(runner.calls)
                .containsExactly(List.of("qemu-img", "create", "-q", "-f", "qcow2", path(), "10737418240"));
        assertThat(runner.timeouts).containsExactly(Duration.ofSeconds(60));
        assertThat(image.path().getParent()).isDirectory();
    }

    @Test
    void createImageRefusesAnExistingFile() throws IOException {
        Files.createDirectories(image.path().getParent());
        Files.writeString(image.path(), "data");
        assertThatThrownBy(() -> driver.createImage(image, 1024))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("already exists");
        assertThat(runner.calls).isEmpty();
        assertThat(image.path()).hasContent("data");
    }

    static Stream<Arguments> snapshotOperations() {
        return Stream.of(
                Arguments.of("-c", (BiConsumer<QemuImgDriver, ImageRef>) (d, i) -> d.createSnapshot(i, "vs-5")),
                Arguments.of("-d", (BiConsumer<QemuImgDriver, ImageRef>) (d, i) -> d.deleteSnapshot(i, "vs-5")),
                Arguments.of("-a", (BiConsumer<QemuImgDriver, ImageRef>) (d, i) -> d.revertToSnapshot(i, "vs-5")));
    }

    @ParameterizedTest(name = "qemu-img snapshot {0}")
    @MethodSource("snapshotOperations")
    void snapshotOperation(String flag, BiConsumer<QemuImgDriver, ImageRef> operation) {
        operation.accept(driver, image);
        assertThat(runner.calls).containsExactly(List.of("qemu-img", "snapshot", flag, "vs-5", path()));
        assertThat(runner.timeouts).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void tagsWithLongerNumbersAndOtherPrefixesAreAccepted() {
        driver.createSnapshot(image, "ab-1234567890");
        assertThat(runner.calls).containsExactly(List.of("qemu-img", "snapshot", "-c", "ab-1234567890", path()));
    }

    @Test
    void copySnapshotIntoConvertsToAStagingFileAndMovesItOverTheTarget() throws IOException {
        ImageRef source = image;
        ImageRef target = new ImageRef(dir.resolve("disk1.qcow2"));
        Files.writeString(target.path(), "old target");
        Path staging = dir.resolve(".disk1.qcow2.restore");
        runner.effect = argv -> write(Path.of(argv.get(argv.size() - 1)), "converted");

        driver.copySnapshotInto(source, "vs-5", target);

        assertThat(runner.calls)
                .containsExactly(List.of(
                        "qemu-img",
                        "convert",
                        "-q",
                        "-f",
                        "qcow2",
                        "-O",
                        "qcow2",
                        "-l",
                        "snapshot.name=vs-5",
                        source.path().toString(),
                        staging.toString()));
        assertThat(runner.timeouts).containsExactly(Duration.ofHours(2));
        assertThat(target.path()).hasContent("converted");
        assertThat(staging).doesNotExist();
    }

    @Test
    void copySnapshotIntoRemovesAStaleStagingFileFirst() throws IOException {
        ImageRef target = new ImageRef(dir.resolve("disk1.qcow2"));
        Path staging = dir.resolve(".disk1.qcow2.restore");
        Files.writeString(staging, "left over from a crash");
        List<Boolean> stagingExistedAtConvert = new ArrayList<>();
        runner.effect = argv -> {
            stagingExistedAtConvert.add(Files.exists(staging));
            write(staging, "converted");
        };

        driver.copySnapshotInto(image, "vs-5", target);

        assertThat(stagingExistedAtConvert).containsExactly(false);
        assertThat(target.path()).hasContent("converted");
    }

    @Test
    void failedCopyLeavesTheTargetAloneAndRemovesTheStagingFile() throws IOException {
        ImageRef target = new ImageRef(dir.resolve("disk1.qcow2"));
        Files.writeString(target.path(), "old target");
        Path staging = dir.resolve(".disk1.qcow2.restore");
        runner.effect = argv -> write(staging, "half written");
        runner.answer = new ProcessRunner.Result(1, "", "qemu-img: error while writing at byte 0: No space left\n");

        assertThatThrownBy(() -> driver.copySnapshotInto(image, "vs-5", target))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e).isNotInstanceOf(ImageLockedException.class);
                    assertThat(e.returnCode()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("qemu-img: error while writing at byte 0: No space left");
                });
        assertThat(target.path()).hasContent("old target");
        assertThat(staging).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "5", "-c", "my snap", "../x", "", "vs-", "vs5", "VS-5", "vs-5 ", " vs-5", "vs-5\n", "vs-5;rm", "abc-5",
                "v-5", "vs--5", "vs-5x"
            })
    void nonTagsAreRefusedBeforeAnyProcessRuns(String tag) {
        ImageRef target = new ImageRef(dir.resolve("disk1.qcow2"));
        List<Runnable> operations = List.of(
                () -> driver.createSnapshot(image, tag),
                () -> driver.deleteSnapshot(image, tag),
                () -> driver.revertToSnapshot(image, tag),
                () -> driver.copySnapshotInto(image, tag, target));
        for (Runnable operation : operations) {
            assertThatThrownBy(operation::run).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(runner.calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "qemu-img: Could not open '/x/disk0.qcow2': Failed to get \"write\" lock\n"
                        + "Is another process using the image [/x/disk0.qcow2]?\n",
                "qemu-img: Could not open '/x/disk0.qcow2': Failed to get shared \"write\" lock\n"
                        + "Is another process using the image [/x/disk0.qcow2]?\n"
            })
    void writeLockFailureMeansTheVmIsRunning(String stderr) {
        runner.answer = new ProcessRunner.Result(1, "", stderr);
        assertThatThrownBy(() -> driver.createSnapshot(image, "vs-5")).isInstanceOf(ImageLockedException.class);
    }

    @Test
    void otherFailuresCarryTheExitCodeAndStderr() {
        String stderr = "qemu-img: Could not create snapshot 'vs-5': -17 (File exists)\n";
        runner.answer = new ProcessRunner.Result(3, "", stderr);
        assertThatThrownBy(() -> driver.createSnapshot(image, "vs-5"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e).isNotInstanceOf(ImageLockedException.class);
                    assertThat(e.returnCode()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo(stderr.strip());
                });
    }

    @Test
    void failureWithoutOutputStillSaysWhatFailed() {
        runner.answer = new ProcessRunner.Result(2, "", "");
        assertThatThrownBy(() -> driver.deleteSnapshot(image, "vs-5"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.returnCode()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("qemu-img failed");
                });
    }

    @Test
    void zeroExitWithStderrIsSuccess() {
        runner.answer = new ProcessRunner.Result(0, "", "warning: something harmless\n");
        driver.revertToSnapshot(image, "vs-5");
        assertThat(runner.calls).hasSize(1);
    }

    @Test
    void deleteImageNeedsNoProcessAndToleratesAMissingFile() throws IOException {
        Files.createDirectories(image.path().getParent());
        Files.writeString(image.path(), "data");
        driver.deleteImage(image);
        assertThat(image.path()).doesNotExist();
        driver.deleteImage(image);
        assertThat(runner.calls).isEmpty();
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

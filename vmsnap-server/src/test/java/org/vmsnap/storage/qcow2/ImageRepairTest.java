package org.vmsnap.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageCheck;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.LiveImage;

/** After an interrupted operation: leaks alone are repaired as leaks, metadata errors with everything. */
class ImageRepairTest {
    private static final Path IMAGE = Path.of("/srv/vmsnap/images/a.qcow2");

    /** Answers each call with the next canned result, in order. */
    static final class ScriptedRunner extends ProcessRunner {
        final List<List<String>> calls = new ArrayList<>();
        final Deque<Result> answers = new ArrayDeque<>();

        ScriptedRunner answer(int exit, String stdout) {
            answers.add(new Result(exit, stdout, ""));
            return this;
        }

        @Override
        public Result run(List<String> argv, Duration timeout) {
            calls.add(List.copyOf(argv));
            return answers.remove();
        }
    }

    private static List<String> check(String... repair) {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "check"));
        argv.addAll(List.of(repair));
        argv.addAll(List.of("--output=json", "-f", "qcow2", IMAGE.toString()));
        return argv;
    }

    @Test
    void aCleanImageIsOnlyChecked() {
        ScriptedRunner runner = new ScriptedRunner().answer(0, "{\"check-errors\": 0}");
        ImageCheck result = new QemuImgDriver(runner, "qemu-img").repair(new ImageRef(IMAGE));
        assertThat(result).isEqualTo(ImageCheck.CLEAN);
        assertThat(runner.calls).containsExactly(check());
    }

    @Test
    void leakedClustersAloneAreRepairedAsLeaks() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer(3, "{\"leaks\": 2, \"check-errors\": 0}")
                .answer(0, "{\"leaks-fixed\": 2, \"check-errors\": 0}");
        ImageCheck result = new QemuImgDriver(runner, "qemu-img").repair(new ImageRef(IMAGE));
        assertThat(result).isEqualTo(new ImageCheck(2, 0, 2, 0));
        assertThat(result.remaining()).isFalse();
        assertThat(runner.calls).containsExactly(check(), check("-r", "leaks"));
    }

    @Test
    void metadataErrorsAreRepairedWithEverythingAndWhatIsLeftIsSaid() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer(2, "{\"corruptions\": 3, \"leaks\": 1, \"check-errors\": 0}")
                .answer(2, "{\"corruptions\": 1, \"corruptions-fixed\": 2, \"leaks-fixed\": 1}");
        ImageCheck result = new QemuImgDriver(runner, "qemu-img").repair(new ImageRef(IMAGE));
        assertThat(result).isEqualTo(new ImageCheck(1, 3, 1, 2));
        assertThat(result.remaining()).as("one error is left").isTrue();
        assertThat(runner.calls).containsExactly(check(), check("-r", "all"));
    }

    @Test
    void anImageARunningVmHoldsIsLeftAloneAndACheckThatCannotRunFails() {
        ScriptedRunner runner = new ScriptedRunner();
        ImageRef live = new ImageRef(IMAGE, new LiveImage(Path.of("/run/vm.qmp"), null));
        assertThat(new QemuImgDriver(runner, "qemu-img").repair(live)).isEqualTo(ImageCheck.CLEAN);
        assertThat(runner.calls).isEmpty();

        runner.answer(1, "");
        assertThatThrownBy(() -> new QemuImgDriver(runner, "qemu-img").repair(new ImageRef(IMAGE)))
                .isInstanceOf(StorageException.class);
    }
}

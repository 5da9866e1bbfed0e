package org.vmsnap.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.LiveImage;

/** The QMP conversation of a whole-VM snapshot job, against a scripted monitor. */
class VmStateJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LiveImage VM = new LiveImage(Path.of("/run/vm.qmp"), null);

    /** Answers each command with the next scripted answer for it; records what was sent. */
    private static final class Script implements VmStateJobs.Monitor {
        final List<String> sent = new ArrayList<>();
        final Map<String, Deque<String>> answers;

        Script(Map<String, List<String>> answers) {
            this.answers = new java.util.HashMap<>();
            answers.forEach((k, v) -> this.answers.put(k, new ArrayDeque<>(v)));
        }

        @Override
        public JsonNode call(LiveImage live, String command, Map<String, ?> arguments, Duration timeout) {
            sent.add(command + (arguments.isEmpty() ? "" : " " + JSON.valueToTree(new java.util.TreeMap<>(arguments))));
            Deque<String> next = answers.getOrDefault(command, new ArrayDeque<>());
            try {
                return JSON.readTree(next.size() > 1 ? next.poll() : next.isEmpty() ? "{}" : next.peek());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String job(String status, String error) {
        return "[{\"id\":\"vmsnap-snapshot-save-vs-7-%d\",\"status\":\"%s\"%s}]"
                .formatted(ID.get(), status, error == null ? "" : ",\"error\":\"" + error + "\"");
    }

    private static final java.util.concurrent.atomic.AtomicLong ID = new java.util.concurrent.atomic.AtomicLong();

    @Test
    void savesOnEveryDeviceWaitsForTheJobAndDismissesIt() {
        long next = peekNextId();
        ID.set(next);
        Script qmp = new Script(Map.of("query-jobs", List.of(job("running", null), job("concluded", null))));
        new VmStateJobs(qmp, Duration.ofSeconds(5))
                .run(VM, "snapshot-save", "vs-7", "disk1", List.of("disk1", "disk2"));
        String id = "vmsnap-snapshot-save-vs-7-" + next;
        assertThat(qmp.sent)
                .containsExactly(
                        "snapshot-save {\"devices\":[\"disk1\",\"disk2\"],\"job-id\":\"" + id
                                + "\",\"tag\":\"vs-7\",\"vmstate\":\"disk1\"}",
                        "query-jobs",
                        "query-jobs",
                        "job-dismiss {\"id\":\"" + id + "\"}");
    }

    @Test
    void aFailedJobIsDismissedAndItsErrorReported() {
        ID.set(peekNextId());
        Script qmp = new Script(Map.of(
                "query-jobs", List.of(job("concluded", "Device 'disk2' is writable but does not support snapshots"))));
        assertThatThrownBy(() -> new VmStateJobs(qmp, Duration.ofSeconds(5))
                        .run(VM, "snapshot-save", "vs-7", "disk1", List.of("disk1", "disk2")))
                .isInstanceOf(StorageException.class)
                .hasMessage("snapshot-save failed: Device 'disk2' is writable but does not support snapshots");
        assertThat(qmp.sent.get(qmp.sent.size() - 1)).startsWith("job-dismiss");
    }

    @Test
    void aJobThatNeverEndsIsCancelledAfterTheTimeout() {
        ID.set(peekNextId());
        Script qmp = new Script(Map.of("query-jobs", List.of(job("running", null))));
        assertThatThrownBy(() -> new VmStateJobs(qmp, Duration.ofMillis(100))
                        .run(VM, "snapshot-save", "vs-7", "disk1", List.of("disk1")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("did not finish within");
        assertThat(qmp.sent.get(qmp.sent.size() - 1)).startsWith("job-cancel");
    }

    @Test
    void aLoadedVmLeftPausedIsContinued() {
        Script qmp = new Script(Map.of(
                "query-status",
                List.of("{\"status\":\"paused\",\"running\":false}", "{\"status\":\"running\",\"running\":true}")));
        new VmStateJobs(qmp, Duration.ofSeconds(5)).resume(VM);
        assertThat(qmp.sent).containsExactly("query-status", "cont", "query-status");
    }

    @Test
    void aVmThatDoesNotResumeIsAFailure() {
        Script qmp = new Script(Map.of("query-status", List.of("{\"status\":\"restore-vm\",\"running\":false}")));
        assertThatThrownBy(() -> new VmStateJobs(qmp, Duration.ofSeconds(5)).resume(VM))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("status restore-vm");
    }

    /** The id the next job will get (ids are unique per JVM). */
    private static long peekNextId() {
        return VmStateJobs.peekNextId();
    }
}

package org.vmsnap.storage.qcow2;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.LiveImage;

/**
 * QEMU's whole-VM snapshot jobs ({@code snapshot-save}, {@code snapshot-load}): started with a unique job id, polled
 * with {@code query-jobs} until concluded, then dismissed; the job's error, if any, becomes the failure. The whole
 * job is bounded by one timeout (QEMU answers no command while it writes or reads the memory state, so each poll
 * may wait up to the time left).
 */
final class VmStateJobs {
    /** A QMP call on the VM's monitor, bounded by {@code timeout}; failures are {@link StorageException}s. */
    interface Monitor {
        JsonNode call(LiveImage live, String command, Map<String, ?> arguments, Duration timeout);
    }

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final AtomicLong IDS = new AtomicLong();

    private final Monitor monitor;
    private final Duration timeout;

    VmStateJobs(Monitor monitor, Duration timeout) {
        this.monitor = monitor;
        this.timeout = timeout;
    }

    /** The number the next job's id ends in (for tests). */
    static long peekNextId() {
        return IDS.get() + 1;
    }

    void run(LiveImage live, String command, String tag, String vmstate, List<String> devices) {
        String id = "vmsnap-" + command + "-" + tag + "-" + IDS.incrementAndGet();
        long deadline = System.nanoTime() + timeout.toNanos();
        monitor.call(live, command, Map.of("job-id", id, "tag", tag, "vmstate", vmstate, "devices", devices), SHORT);
        while (true) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), POLL.toNanos()));
            JsonNode job = find(monitor.call(live, "query-jobs", Map.of(), left), id);
            if (job == null) {
                throw new StorageException(command + " job " + id + " vanished from QEMU", 1);
            }
            if (job.path("status").asText().equals("concluded")) {
                monitor.call(live, "job-dismiss", Map.of("id", id), SHORT);
                if (job.hasNonNull("error")) {
                    throw new StorageException(
                            command + " failed: " + job.path("error").asText(), 1);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                cancelQuietly(live, id);
                throw new StorageException(
                        command + " did not finish within " + timeout.toSeconds() + " s (job " + id + ")", 1);
            }
            pause();
        }
    }

    /** After a load: the VM runs ({@code cont} when QEMU left it paused), or the failure says how it is. */
    void resume(LiveImage live) {
        if (running(live)) {
            return;
        }
        monitor.call(live, "cont", Map.of(), SHORT);
        if (!running(live)) {
            JsonNode status = monitor.call(live, "query-status", Map.of(), SHORT);
            throw new StorageException(
                    "the VM did not resume after loading its snapshot (status "
                            + status.path("status").asText() + ")",
                    1);
        }
    }

    private boolean running(LiveImage live) {
        return monitor.call(live, "query-status", Map.of(), SHORT)
                .path("running")
                .asBoolean();
    }

    private static JsonNode find(JsonNode jobs, String id) {
        for (JsonNode job : jobs) {
            if (job.path("id").asText().equals(id)) {
                return job;
            }
        }
        return null;
    }

    private void cancelQuietly(LiveImage live, String id) {
        try {
            monitor.call(live, "job-cancel", Map.of("id", id), SHORT);
        } catch (StorageException e) {
            // a snapshot job may not be cancellable; it is dismissed by whoever finds it concluded
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a QEMU snapshot job", e);
        }
    }
}

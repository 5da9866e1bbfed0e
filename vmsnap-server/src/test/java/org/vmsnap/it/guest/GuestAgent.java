package org.vmsnap.it.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A minimal QEMU guest agent client for tests, over the host end of the agent's virtio-serial
 * channel. The connection is synchronised with {@code guest-sync-delimited} before use, so it is
 * ready once {@link #connect} returns. Not thread-safe.
 */
public final class GuestAgent implements AutoCloseable {
    /** An error answer from the agent. */
    public static final class AgentError extends RuntimeException {
        AgentError(String command, JsonNode error) {
            super(command + ": " + error.path("class").asText() + ": "
                    + error.path("desc").asText());
        }
    }

    /** What a command run with {@code guest-exec} did. */
    public record ExecResult(int exitCode, String stdout, String stderr) {}

    private static final Duration ATTEMPT = Duration.ofSeconds(1);

    private final JsonLineChannel channel;

    private GuestAgent(JsonLineChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects and synchronises, retrying until the agent in the guest answers or {@code timeout}
     * passes. Until the guest opens its end, QEMU accepts the connection but nothing answers, so
     * each attempt reconnects (dropping what the unanswered attempt left in the channel).
     *
     * @param alive checked between attempts; connecting stops when it turns false (QEMU exited)
     */
    public static GuestAgent connect(Path socket, Duration timeout, BooleanSupplier alive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            JsonLineChannel channel;
            try {
                channel = JsonLineChannel.connect(socket);
            } catch (IOException notYet) {
                last = notYet;
                sleepBriefly();
                continue;
            }
            try {
                if (sync(channel)) {
                    return new GuestAgent(channel);
                }
            } catch (IOException e) {
                last = e;
            }
            channel.close();
        }
        throw new IOException(
                "guest agent on " + socket + " did not answer within " + timeout
                        + (alive.getAsBoolean() ? "" : " (QEMU exited)"),
                last);
    }

    private static boolean sync(JsonLineChannel channel) throws IOException {
        long id = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        channel.write(new byte[] {(byte) 0xFF});
        channel.send(command("guest-sync-delimited", Map.of("id", id)));
        long deadline = System.nanoTime() + ATTEMPT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode answer = channel.receive(Duration.ofNanos(Math.max(left, 1)));
                if (answer.path("return").asLong() == id) {
                    return true;
                }
            }
        } catch (TimeoutException noAnswer) {
            return false;
        }
    }

    private static ObjectNode command(String name, Map<String, ?> arguments) {
        ObjectNode message = JsonLineChannel.JSON.createObjectNode().put("execute", name);
        if (!arguments.isEmpty()) {
            message.set("arguments", JsonLineChannel.JSON.valueToTree(arguments));
        }
        return message;
    }

    /** Runs {@code name}; returns its {@code return} value or throws {@link AgentError}. */
    public JsonNode execute(String name, Map<String, ?> arguments, Duration timeout) throws IOException {
        channel.send(command(name, arguments));
        try {
            JsonNode answer = channel.receive(timeout);
            if (answer.has("error")) {
                throw new AgentError(name, answer.get("error"));
            }
            return answer.get("return");
        } catch (TimeoutException e) {
            throw new IOException(name + ": no answer within " + timeout, e);
        }
    }

    public void ping() throws IOException {
        execute("guest-ping", Map.of(), Duration.ofSeconds(10));
    }

    /** Runs {@code script} with the guest's busybox {@code /bin/sh -c} and waits for it to exit. */
    public ExecResult sh(String script, Duration timeout) throws IOException {
        JsonNode started = execute(
                "guest-exec",
                Map.of("path", "/bin/sh", "arg", List.of("-c", script), "capture-output", true),
                Duration.ofSeconds(10));
        long pid = started.get("pid").asLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = execute("guest-exec-status", Map.of("pid", pid), Duration.ofSeconds(10));
            if (status.path("exited").asBoolean()) {
                return new ExecResult(
                        status.path("exitcode").asInt(-1), decode(status, "out-data"), decode(status, "err-data"));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("guest command did not finish within " + timeout + ": " + script);
            }
            sleepBriefly();
        }
    }

    private static String decode(JsonNode status, String field) {
        return new String(Base64.getDecoder().decode(status.path(field).asText("")), StandardCharsets.UTF_8);
    }

    /** {@code guest-fsfreeze-freeze}: the number of filesystems frozen. */
    public int freeze() throws IOException {
        return execute("guest-fsfreeze-freeze", Map.of(), Duration.ofSeconds(30))
                .asInt();
    }

    /** {@code guest-fsfreeze-thaw}: the number of filesystems thawed. */
    public int thaw() throws IOException {
        return execute("guest-fsfreeze-thaw", Map.of(), Duration.ofSeconds(30)).asInt();
    }

    /** {@code guest-fsfreeze-status}: {@code "frozen"} or {@code "thawed"}. */
    public String freezeStatus() throws IOException {
        return execute("guest-fsfreeze-status", Map.of(), Duration.ofSeconds(10))
                .asText();
    }

    /** {@code guest-shutdown} (power-down mode); the agent gives no answer when it works. */
    public void shutdown() throws IOException {
        channel.send(command("guest-shutdown", Map.of()));
    }

    @Override
    public void close() {
        channel.close();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

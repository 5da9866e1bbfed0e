package org.vmsnap.it.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A minimal QMP client for tests (the product has its own): connects, negotiates capabilities,
 * runs one command at a time and keeps the events that arrive in between. Not thread-safe.
 */
public final class Qmp implements AutoCloseable {
    /** An error answer from QEMU: {@code {"error": {"class": ..., "desc": ...}}}. */
    public static final class QmpError extends RuntimeException {
        private final String errorClass;

        QmpError(String command, String errorClass, String desc) {
            super(command + ": " + errorClass + ": " + desc);
            this.errorClass = errorClass;
        }

        public String errorClass() {
            return errorClass;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JsonLineChannel channel;
    private final List<JsonNode> events = new ArrayList<>();

    private Qmp(JsonLineChannel channel) {
        this.channel = channel;
    }

    /** Connects to QEMU's QMP socket, reads the greeting and leaves capabilities negotiation mode. */
    public static Qmp connect(Path socket) throws IOException {
        JsonLineChannel channel = JsonLineChannel.connect(socket);
        try {
            JsonNode greeting = channel.receive(TIMEOUT);
            if (!greeting.has("QMP")) {
                throw new IOException("not a QMP greeting: " + greeting);
            }
            Qmp qmp = new Qmp(channel);
            qmp.execute("qmp_capabilities");
            return qmp;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (TimeoutException e) {
            channel.close();
            throw new IOException("no QMP greeting on " + socket, e);
        }
    }

    /** Runs {@code command} without arguments; returns its {@code return} value. */
    public JsonNode execute(String command) throws IOException {
        return execute(command, Map.of());
    }

    /** Runs {@code command}; returns its {@code return} value or throws {@link QmpError}. */
    public JsonNode execute(String command, Map<String, ?> arguments) throws IOException {
        ObjectNode message = JsonLineChannel.JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            message.set("arguments", JsonLineChannel.JSON.valueToTree(arguments));
        }
        channel.send(message);
        try {
            while (true) {
                JsonNode answer = channel.receive(TIMEOUT);
                if (answer.has("event")) {
                    events.add(answer);
                } else if (answer.has("error")) {
                    JsonNode error = answer.get("error");
                    throw new QmpError(
                            command,
                            error.path("class").asText(),
                            error.path("desc").asText());
                } else if (answer.has("return")) {
                    return answer.get("return");
                }
            }
        } catch (TimeoutException e) {
            throw new IOException(command + ": no answer within " + TIMEOUT, e);
        }
    }

    /** Events received so far, oldest first (e.g. {@code POWERDOWN}, {@code SHUTDOWN}). */
    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        channel.close();
    }
}

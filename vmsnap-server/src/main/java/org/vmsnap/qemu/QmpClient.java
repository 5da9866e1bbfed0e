package org.vmsnap.qemu;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A QMP connection (QEMU Machine Protocol): JSON objects over a Unix socket. {@link #connect} reads the greeting
 * and negotiates capabilities; {@link #execute} sends one command and waits, bounded by a timeout, for its answer,
 * matched by {@code id}. Asynchronous events go to the listener given at connect time. Thread-safe: commands from
 * several threads are sent one after the other.
 *
 * <p>The same client serves QEMU's guest agent protocol (QGA) with {@link #connectAgent}: no greeting, no
 * capabilities, and no {@code id} echo, so agent commands are strictly one at a time.
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);

    private final SocketChannel channel;
    private final Consumer<JsonNode> events;
    private final boolean agent;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final Thread reader;
    private volatile CompletableFuture<JsonNode> agentPending;
    private volatile boolean closed;

    private QmpClient(SocketChannel channel, Consumer<JsonNode> events, boolean agent, String name) {
        this.channel = channel;
        this.events = events;
        this.agent = agent;
        this.reader = new Thread(this::readLoop, name);
        this.reader.setDaemon(true);
    }

    /**
     * Connects to a QMP monitor socket, reads the greeting and leaves capability negotiation mode, all within
     * {@code timeout}.
     */
    public static QmpClient connect(Path socket, Duration timeout, Consumer<JsonNode> events) {
        QmpClient client = open(socket, events, false, "qmp-" + socket.getFileName());
        try {
            CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
            client.pending.put("greeting", greeting);
            client.reader.start();
            await(greeting, timeout, "greeting");
            client.execute("qmp_capabilities", Map.of(), timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Connects to a guest agent socket (virtio-serial {@code org.qemu.guest_agent.0} on the host side). */
    public static QmpClient connectAgent(Path socket, Consumer<JsonNode> events) {
        QmpClient client = open(socket, events, true, "qga-" + socket.getFileName());
        client.reader.start();
        return client;
    }

    private static QmpClient open(Path socket, Consumer<JsonNode> events, boolean agent, String name) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new QmpClient(channel, events, agent, name);
        } catch (IOException e) {
            throw new QmpException("cannot connect to " + socket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code command} with {@code arguments} and returns its {@code return} value. A QEMU error answer is a
     * {@link QmpException} with its class; no answer within {@code timeout} is a {@link QmpException} without one
     * (the connection is then closed, since a late answer could be taken for the next command's).
     */
    public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
        ObjectNode message = JSON.createObjectNode();
        message.put("execute", command);
        if (!arguments.isEmpty()) {
            message.set("arguments", JSON.valueToTree(arguments));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        synchronized (sendLock) {
            if (closed) {
                throw new QmpException(null, "connection closed");
            }
            if (agent) {
                agentPending = answer;
            } else {
                String id = Long.toString(ids.incrementAndGet());
                message.put("id", id);
                pending.put(id, answer);
            }
            send(message);
            try {
                JsonNode reply = await(answer, timeout, command);
                if (reply.has("error")) {
                    JsonNode error = reply.path("error");
                    throw new QmpException(
                            error.path("class").asText("GenericError"),
                            error.path("desc").asText("error"));
                }
                return reply.path("return");
            } catch (QmpException e) {
                if (!e.answered()) {
                    close();
                }
                throw e;
            }
        }
    }

    /** Whether the connection is still open (QEMU has not gone away and no command timed out). */
    public boolean isOpen() {
        return !closed;
    }

    private void send(ObjectNode message) {
        try {
            byte[] bytes = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            close();
            throw new QmpException("cannot send to QEMU: " + e.getMessage(), e);
        }
    }

    private static JsonNode await(CompletableFuture<JsonNode> answer, Duration timeout, String what) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new QmpException("no answer to " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof QmpException q ? q : new QmpException("QEMU connection failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted waiting for " + what, e);
        }
    }

    private void readLoop() {
        try (InputStream in = Channels.newInputStream(channel);
                MappingIterator<JsonNode> messages =
                        JSON.readerFor(JsonNode.class).readValues(in)) {
            while (messages.hasNextValue()) {
                dispatch(messages.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            // The connection broke or QEMU sent garbage; every waiter learns it below.
        } finally {
            closed = true;
            QmpException gone = new QmpException(null, "QEMU closed the connection");
            pending.values().forEach(f -> f.completeExceptionally(gone));
            CompletableFuture<JsonNode> a = agentPending;
            if (a != null) {
                a.completeExceptionally(gone);
            }
        }
    }

    private void dispatch(JsonNode message) {
        if (message.has("QMP")) {
            complete(pending.remove("greeting"), message);
        } else if (message.has("event")) {
            events.accept(message);
        } else if (agent) {
            complete(agentPending, message);
        } else if (message.has("id")) {
            complete(pending.remove(message.path("id").asText()), message);
        }
    }

    private static void complete(CompletableFuture<JsonNode> future, JsonNode message) {
        if (future != null) {
            future.complete(message);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}

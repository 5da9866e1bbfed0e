package org.vmsnap.node.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Names and encoding both ends share. A node's work goes to its durable quorum queue {@code vmsnap.node.<name>}
 * through the default exchange, which only the control plane may write to; agents answer through the
 * {@value #REPLIES} exchange, announce themselves through {@value #EVENTS} and dead-letter through {@value #DEAD},
 * the only exchanges their broker users may write to (declaring a queue with a dead-letter exchange needs it). So an agent can read no other node's work and put nothing in another node's queue.
 */
public final class Wire {
    /** Exchange (direct) the agents reply through; routing key = the asking replica's reply queue. */
    public static final String REPLIES = "vmsnap.replies";

    /** Exchange (fanout) the agents' hellos and heartbeats go to. */
    public static final String EVENTS = "vmsnap.events";

    /** Exchange (fanout) and queue of the calls an agent could not read or would not run. */
    public static final String DEAD = "vmsnap.dead";

    /** Queue of the control plane's replicas for the agents' hellos. */
    public static final String EVENTS_QUEUE = "vmsnap.control.events";

    /** The message type (AMQP {@code type} property) of a {@link StorageCall}; a call without a type is one too. */
    public static final String STORAGE_CALL = "storage";

    /** The message type of a {@link VmCall}. */
    public static final String VM_CALL = "vm";

    /** The message type of a {@link TransferCall}. */
    public static final String TRANSFER_CALL = "transfer";

    /**
     * Header of a call sent again after its first sending was not confirmed (it may be in the queue twice): the agent
     * treats it as a redelivery and looks before it acts.
     */
    public static final String RESENT = "x-vmsnap-resent";

    /**
     * Header of a call: when the control plane stops waiting for it (epoch milliseconds). An agent that gets the call
     * later (it was paused, or the broker had handed it over before its expiry) does not carry it out.
     */
    public static final String DEADLINE = "x-vmsnap-deadline";

    /** What a node may be called: a hostname, as Danube allows one (letters, digits, dots, dashes). */
    public static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");

    /** Largest message either end accepts. */
    public static final int MAX_MESSAGE = 1024 * 1024;

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Wire() {}

    /** The queue of a node's work. */
    public static String nodeQueue(String node) {
        if (!NODE_NAME.matcher(node).matches()) {
            throw new IllegalArgumentException("not a node name: " + node);
        }
        return "vmsnap.node." + node;
    }

    /** The arguments every declaration of a node's queue uses (both ends declare it; they must agree). */
    public static java.util.Map<String, Object> nodeQueueArguments() {
        return java.util.Map.of("x-queue-type", "quorum", "x-dead-letter-exchange", DEAD);
    }

    /** An {@code amqp://} URL fit for a log line: the password replaced. */
    public static String redacted(String url) {
        return url == null ? "" : url.replaceAll("(?<=://)([^:/@]*):[^@/]*@", "$1:***@");
    }

    public static byte[] encode(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a message; an oversized or malformed one is an {@link IllegalArgumentException}. */
    public static <T> T decode(byte[] body, Class<T> type) {
        if (body == null || body.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("message missing or too large");
        }
        try {
            return JSON.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}

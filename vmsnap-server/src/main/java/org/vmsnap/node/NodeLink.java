package org.vmsnap.node;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.node.wire.ConfirmedPublisher;
import org.vmsnap.node.wire.NodeHello;
import org.vmsnap.node.wire.StorageCall;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.TransferCall;
import org.vmsnap.node.wire.VmCall;
import org.vmsnap.node.wire.Wire;
import org.vmsnap.shared.StorageException;

/**
 * The control plane's connection to the broker. A call is a persistent message on the node's durable quorum queue
 * (publisher-confirmed before the caller waits; sent again with a growing pause while the broker is away), carrying
 * a correlation id and this replica's reply queue; the agent's reply, routed through {@value Wire#REPLIES},
 * completes the call. After a broker restart every call still waiting is sent again, and the agent answers copies
 * without doing the work twice. A call not answered in time fails with Danube's words, and its message expires with
 * it so the agent never carries it out later. Thread-safe.
 */
public final class NodeLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLink.class);
    /** How long the broker keeps a replica's reply queue once nothing consumes it: an hour, in milliseconds. */
    private static final int REPLY_QUEUE_EXPIRY = 3_600_000;

    /** Pause between sendings while the broker cannot take a call; doubled up to {@link #MAX_BACKOFF}. */
    private static final Duration BACKOFF = Duration.ofMillis(250);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

    private final Connection connection;
    private final ConfirmedPublisher publish;
    private final String replyQueue;
    private final Duration timeout;
    private final Duration askTimeout;
    private final Clock clock;
    private final Map<String, Pending> waiting = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder confirmed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.AtomicLong lastConfirmed = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    private NodeLink(
            Connection connection,
            ConfirmedPublisher publish,
            String replyQueue,
            Duration timeout,
            Duration askTimeout,
            Clock clock) {
        this.clock = clock;
        this.connection = connection;
        this.publish = publish;
        this.replyQueue = replyQueue;
        this.timeout = timeout;
        this.askTimeout = askTimeout;
    }

    /**
     * Connects, declares the exchanges and queues the control plane owns, and starts consuming this replica's
     * replies and the agents' hellos (handed to {@code hellos}, once per hello across replicas).
     *
     * @param timeout how long a call that changes something may take
     * @param askTimeout how long a question about a running VM may take (a request waits for it)
     */
    public static NodeLink connect(
            String url, Duration timeout, Duration askTimeout, Clock clock, Consumer<NodeHello> hellos)
            throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        Connection connection;
        try {
            factory.setUri(url);
            factory.setAutomaticRecoveryEnabled(true);
            factory.setNetworkRecoveryInterval(2000);
            connection = factory.newConnection("vmsnap-control");
        } catch (Exception e) {
            // never the URL as given: it holds the password
            throw new BrokerUnavailableException(
                    "cannot connect to the broker at " + Wire.redacted(url) + ": " + reason(e, url));
        }
        Channel setup = connection.createChannel();
        setup.exchangeDeclare(Wire.DEAD, BuiltinExchangeType.FANOUT, true);
        setup.queueDeclare(Wire.DEAD, true, false, false, Map.of("x-queue-type", "quorum"));
        setup.queueBind(Wire.DEAD, Wire.DEAD, "");
        setup.exchangeDeclare(Wire.REPLIES, BuiltinExchangeType.DIRECT, true);
        setup.exchangeDeclare(Wire.EVENTS, BuiltinExchangeType.FANOUT, true);
        setup.queueDeclare(Wire.EVENTS_QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
        setup.queueBind(Wire.EVENTS_QUEUE, Wire.EVENTS, "");
        // durable and not exclusive, so it outlives a dropped connection: replies sent while this replica reconnects
        // wait for it. The broker drops it an hour after the replica is gone. (Replies are transient: those a broker
        // restart loses are asked for again, see resendWaiting.)
        String replies = "vmsnap.replies." + UUID.randomUUID();
        setup.queueDeclare(replies, true, false, false, Map.of("x-expires", REPLY_QUEUE_EXPIRY));
        setup.queueBind(replies, Wire.REPLIES, replies);
        NodeLink link =
                new NodeLink(connection, new ConfirmedPublisher(connection), replies, timeout, askTimeout, clock);
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    // not on the client's recovery thread: confirmations arrive on the connection it recovered
                    Thread resend = new Thread(link::resendWaiting, "vmsnap-resend");
                    resend.setDaemon(true);
                    resend.start();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {}
            });
        }
        setup.basicConsume(replies, true, new DefaultConsumer(setup) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                link.replied(props.getCorrelationId(), body);
            }
        });
        Channel events = connection.createChannel();
        events.basicQos(16);
        events.basicConsume(Wire.EVENTS_QUEUE, false, new DefaultConsumer(events) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                try {
                    hellos.accept(Wire.decode(body, NodeHello.class));
                } catch (RuntimeException e) {
                    log.warn("node hello ignored: {}", e.getMessage());
                }
                events.basicAck(envelope.getDeliveryTag(), false);
            }
        });
        return link;
    }

    /**
     * What this link has done so far.
     *
     * @param confirmed calls (and copies of calls) the broker has confirmed
     * @param waiting calls sent and not answered yet
     * @param lastConfirmedNanos {@link System#nanoTime()} of the latest confirmation, 0 before the first
     */
    public record Stats(long confirmed, int waiting, long lastConfirmedNanos) {}

    /** Whether the connection to the broker is open now (it is recovered by itself after a broker restart). */
    public boolean connected() {
        return connection.isOpen();
    }

    public Stats stats() {
        return new Stats(confirmed.sum(), waiting.size(), lastConfirmed.get());
    }

    /** Sends the storage call to the node and waits for its reply. */
    public StorageReply call(String node, StorageCall call) {
        return send(node, call, Wire.STORAGE_CALL, timeout);
    }

    /** Sends the step of a copy between nodes to the node and waits for its reply. */
    public StorageReply call(String node, TransferCall call) {
        return send(node, call, Wire.TRANSFER_CALL, timeout);
    }

    /** Sends the hypervisor call to the node and waits for its reply; a question is answered within seconds. */
    public StorageReply call(String node, VmCall call) {
        boolean asks = call.op() == VmCall.Op.IS_RUNNING || call.op() == VmCall.Op.USAGE;
        return send(node, call, Wire.VM_CALL, asks ? askTimeout : timeout);
    }

    /**
     * Sends the call, again and again with a growing pause while the broker cannot take it (down, restarting), until
     * it is confirmed; then waits for the reply. All within {@code timeout}.
     */
    private StorageReply send(String node, Object call, String type, Duration timeout) {
        String id = UUID.randomUUID().toString();
        Pending pending =
                new Pending(id, Wire.nodeQueue(node), type, Wire.encode(call), System.nanoTime() + timeout.toNanos());
        CompletableFuture<StorageReply> reply = pending.reply();
        waiting.put(id, pending);
        long deadline = pending.deadline();
        try {
            Duration pause = BACKOFF;
            for (boolean resent = false; ; resent = true) {
                long left = deadline - System.nanoTime();
                try {
                    post(pending, resent);
                    break;
                } catch (IOException | TimeoutException | ShutdownSignalException e) {
                    if (left < pause.toNanos()) {
                        throw new StorageException("cannot send to node " + node + ": " + e.getMessage(), e);
                    }
                    log.warn("call to node {} not taken by the broker ({}); sending it again", node, e.getMessage());
                    Thread.sleep(pause.toMillis()); // a backoff while the broker is away, not a wait for an outcome
                    pause = pause.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause.multipliedBy(2);
                }
            }
            long left = Math.max(0, deadline - System.nanoTime());
            return reply.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw notResponding(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notResponding(node);
        } catch (ExecutionException e) {
            throw new StorageException("node " + node + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            waiting.remove(id);
        }
    }

    /** A call sent and not answered yet. */
    private record Pending(
            String id, String queue, String type, byte[] body, long deadline, CompletableFuture<StorageReply> reply) {
        Pending(String id, String queue, String type, byte[] body, long deadline) {
            this(id, queue, type, body, deadline, new CompletableFuture<>());
        }
    }

    /** Publishes the call and waits for the broker's confirmation; {@code resent}: it may be in the queue already. */
    private void post(Pending call, boolean resent) throws IOException, TimeoutException, InterruptedException {
        declare(call.queue());
        long left = call.deadline() - System.nanoTime();
        long dueAt = clock.millis() + TimeUnit.NANOSECONDS.toMillis(left);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .correlationId(call.id())
                .type(call.type())
                .replyTo(replyQueue)
                .contentType("application/json")
                .deliveryMode(2)
                .expiration(String.valueOf(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))))
                .headers(resent ? Map.of(Wire.RESENT, true, Wire.DEADLINE, dueAt) : Map.of(Wire.DEADLINE, dueAt))
                .build();
        publish.publish("", call.queue(), props, call.body(), Duration.ofSeconds(30));
        confirmed.increment();
        lastConfirmed.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /**
     * After the connection came back from a broker restart: every call still waiting is sent again, since the
     * restart may have lost its transient reply (the agent answers a copy from its ledger, without doing it twice).
     */
    private void resendWaiting() {
        for (Pending call : waiting.values()) {
            try {
                post(call, true);
            } catch (IOException | TimeoutException | ShutdownSignalException e) {
                log.warn("call {} not sent again after the broker came back: {}", call.id(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Declares the node's queue once (both ends declare it with the same arguments). */
    private void declare(String queue) throws IOException, TimeoutException {
        if (declared.contains(queue)) {
            return;
        }
        Channel ch = connection.createChannel();
        try {
            ch.queueDeclare(queue, true, false, false, Wire.nodeQueueArguments());
            declared.add(queue);
        } finally {
            if (ch.isOpen()) {
                ch.close();
            }
        }
    }

    private static String reason(Exception e, String url) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace(url, Wire.redacted(url));
    }

    private static StorageException notResponding(String node) {
        return new StorageException("Task queue worker (" + node + ") is not responding!", 1);
    }

    private void replied(String correlationId, byte[] body) {
        Pending call = correlationId == null ? null : waiting.get(correlationId);
        if (call == null) {
            return; // the caller gave up, or a reply to nothing this replica asked (or a second copy's)
        }
        CompletableFuture<StorageReply> reply = call.reply();
        try {
            reply.complete(Wire.decode(body, StorageReply.class));
        } catch (IllegalArgumentException e) {
            reply.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close(10_000);
        } catch (IOException e) {
            log.warn("broker connection not closed cleanly: {}", e.toString());
        }
    }
}

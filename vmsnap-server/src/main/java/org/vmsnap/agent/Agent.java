package org.vmsnap.agent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.node.wire.ConfirmedPublisher;
import org.vmsnap.node.wire.NodeHello;
import org.vmsnap.node.wire.StorageCall;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.TransferCall;
import org.vmsnap.node.wire.VmCall;
import org.vmsnap.node.wire.Wire;

/**
 * The agent's link to the broker: consumes its node's queue with manual acknowledgements (a call is acknowledged
 * after its reply is confirmed by the broker, so a crash in between means a redelivery, which the idempotent
 * calls absorb), runs calls on a small pool (the control plane sends one call per disk at a time), and publishes
 * its hello at start and at every heartbeat. The broker connection recovers by itself after a broker restart.
 */
final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    /** Calls run at once; more wait in the queue (prefetch). */
    private static final int PARALLEL = 8;
    /** How long a new agent waits for an earlier one's claim on the node to go. */
    private static final java.time.Duration CLAIM_PATIENCE = java.time.Duration.ofSeconds(5);
    /** How long a reply or hello may wait for the broker's confirmation. */
    private static final java.time.Duration CONFIRM_WAIT = java.time.Duration.ofSeconds(30);

    private final AgentOptions options;
    private final StorageHandler storage;
    private final VmHandler vms;
    private final Clock clock;
    private final CallLedger<Answer> ledger = new CallLedger<>(4096);
    private final Supplier<NodeHello> hello;
    private final ExecutorService workers = Executors.newFixedThreadPool(PARALLEL, r -> {
        Thread t = new Thread(r, "vmsnap-agent-call");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vmsnap-agent-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;
    private Channel consume;
    private ConfirmedPublisher publish;

    Agent(AgentOptions options, StorageHandler storage, VmHandler vms, Supplier<NodeHello> hello, Clock clock) {
        this.clock = clock;
        this.options = options;
        this.storage = storage;
        this.vms = vms;
        this.hello = hello;
    }

    /** Connects, declares the node's queue, starts consuming and heartbeating. */
    void start() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(options.broker());
            factory.setAutomaticRecoveryEnabled(true);
            factory.setNetworkRecoveryInterval(2000);
            factory.setRequestedHeartbeat(30);
            connection = factory.newConnection("vmsnap-agent-" + options.node());
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalStateException("cannot connect to the broker at " + Wire.redacted(options.broker()) + ": "
                    + reason.replace(options.broker(), Wire.redacted(options.broker())));
        }
        awaitControlPlane();
        publish = new ConfirmedPublisher(connection);
        claim();
        consume = connection.createChannel();
        consume.basicQos(PARALLEL * 2);
        String queue = Wire.nodeQueue(options.node());
        consume.queueDeclare(queue, true, false, false, Wire.nodeQueueArguments());
        DefaultConsumer consumer = new DefaultConsumer(consume) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                boolean resent =
                        props.getHeaders() != null && props.getHeaders().containsKey(Wire.RESENT);
                workers.execute(() -> serve(envelope.getDeliveryTag(), envelope.isRedeliver() || resent, props, body));
            }
        };
        consume.basicConsume(queue, false, "vmsnap-agent-" + options.node(), consumer);
        sayHello();
        long every = options.heartbeat().toMillis();
        heartbeat.scheduleAtFixedRate(this::sayHelloQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info("agent of node {} serving {} (data in {})", options.node(), queue, options.dataDir());
    }

    /**
     * Waits until the control plane has declared the exchanges agents write to (an agent may start first); a
     * publish to a missing exchange would close the channel.
     */
    private void awaitControlPlane() throws IOException, InterruptedException {
        boolean told = false;
        while (true) {
            Channel probe = connection.createChannel();
            try {
                probe.exchangeDeclarePassive(Wire.EVENTS);
                probe.exchangeDeclarePassive(Wire.REPLIES);
                probe.exchangeDeclarePassive(Wire.DEAD);
                probe.close();
                return;
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                if (!told) {
                    log.info("waiting for the control plane to declare its exchanges on the broker");
                    told = true;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Holds the node's name for as long as this connection lives: an exclusive queue only one connection can have.
     * A second agent started under the same name is refused, never served alongside.
     */
    private void claim() throws IOException, InterruptedException {
        // a crashed agent's connection (and with it its claim) may take the broker a moment to drop
        long deadline = System.nanoTime() + CLAIM_PATIENCE.toNanos();
        while (true) {
            Channel lock = connection.createChannel();
            try {
                lock.queueDeclare(Wire.nodeQueue(options.node()) + ".lock", false, true, true, Map.of());
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + options.node() + " is already served by another agent");
                }
                Thread.sleep(250);
            }
        }
    }

    /** What the agent answers a call, and whether the call goes to the dead-letter queue. */
    private record Answer(StorageReply reply, boolean dead) {}

    private Answer run(boolean redelivered, AMQP.BasicProperties props, byte[] body) {
        Object deadline = props.getHeaders() == null ? null : props.getHeaders().get(Wire.DEADLINE);
        if (deadline instanceof Number due && due.longValue() < clock.millis()) {
            // the control plane has given up on it and told its caller so: doing it now would be done behind its back
            return new Answer(
                    StorageReply.failed("the call came after its deadline and was not carried out", 1, false), false);
        }
        try {
            String type = props.getType() == null ? Wire.STORAGE_CALL : props.getType();
            StorageReply reply = switch (type) {
                case Wire.VM_CALL -> vms.handle(Wire.decode(body, VmCall.class), redelivered);
                case Wire.TRANSFER_CALL -> storage.handle(Wire.decode(body, TransferCall.class), redelivered);
                default -> storage.handle(Wire.decode(body, StorageCall.class), redelivered);
            };
            return new Answer(reply, reply.refused());
        } catch (IllegalArgumentException e) {
            return new Answer(StorageReply.failed("malformed call: " + e.getMessage(), 1, false), true);
        } catch (RuntimeException e) {
            log.error("call failed unexpectedly", e);
            return new Answer(StorageReply.failed("agent error: " + e.getClass().getSimpleName(), 1, false), false);
        }
    }

    private void serve(long deliveryTag, boolean redelivered, AMQP.BasicProperties props, byte[] body) {
        Answer answer = ledger.once(props.getCorrelationId(), () -> run(redelivered, props, body));
        try {
            if (props.getReplyTo() != null && props.getCorrelationId() != null) {
                // transient: a reply a broker restart loses is asked for again by the control plane, and answered
                // from the ledger
                AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                        .correlationId(props.getCorrelationId())
                        .contentType("application/json")
                        .deliveryMode(1)
                        .build();
                publish.publish(Wire.REPLIES, props.getReplyTo(), reply, Wire.encode(answer.reply()), CONFIRM_WAIT);
            }
            synchronized (consume) {
                if (answer.dead()) {
                    consume.basicReject(deliveryTag, false); // to the dead-letter queue, for an operator to see
                } else {
                    consume.basicAck(deliveryTag, false);
                }
            }
        } catch (IOException
                | java.util.concurrent.TimeoutException
                | InterruptedException
                | com.rabbitmq.client.ShutdownSignalException e) {
            // not acknowledged: the broker delivers the call again, and the call is idempotent
            log.warn("reply not sent, the call will be redelivered: {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            requeue(deliveryTag);
        }
    }

    /** Hands the call back to the queue now, where the channel is still open (else its closing did). */
    private void requeue(long deliveryTag) {
        try {
            synchronized (consume) {
                if (consume.isOpen()) {
                    consume.basicNack(deliveryTag, false, true);
                }
            }
        } catch (IOException | com.rabbitmq.client.ShutdownSignalException e) {
            log.debug("call not handed back: {}", e.toString());
        }
    }

    private void sayHello() throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(1)
                .expiration(String.valueOf(options.heartbeat().toMillis() * 3))
                .build();
        try {
            publish.publish(Wire.EVENTS, "", props, Wire.encode(hello.get()), CONFIRM_WAIT);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("hello not confirmed by the broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void sayHelloQuietly() {
        try {
            sayHello();
        } catch (IOException | RuntimeException e) {
            log.warn("heartbeat not sent: {}", e.toString());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(60, TimeUnit.SECONDS);
            if (connection != null) {
                connection.close(10_000);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

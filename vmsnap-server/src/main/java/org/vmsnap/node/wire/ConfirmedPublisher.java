package org.vmsnap.node.wire;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes on one channel in confirm mode and lets each caller wait for its own message's confirmation, so many
 * threads publish at once instead of one confirmation round trip at a time. A message the broker refuses, or whose
 * connection goes before it is confirmed, fails its caller with an {@link IOException}: the message may or may not
 * have arrived, and the caller sends it again marked {@linkplain Wire#RESENT resent}. A channel the broker closed
 * is opened again; one the client is recovering (after a broker restart) comes back by itself. Thread-safe.
 */
public final class ConfirmedPublisher {
    private final Connection connection;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();
    private Channel channel;

    public ConfirmedPublisher(Connection connection) {
        this.connection = connection;
    }

    /**
     * Publishes and returns once the broker has confirmed the message (for a persistent message on a durable queue:
     * written to disk), within {@code wait}.
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, Duration wait)
            throws IOException, TimeoutException, InterruptedException {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        synchronized (this) {
            Channel ch = channel();
            long seq = ch.getNextPublishSeqNo();
            outstanding.put(seq, confirmed);
            try {
                ch.basicPublish(exchange, routingKey, props, body);
            } catch (IOException | AlreadyClosedException e) {
                outstanding.remove(seq);
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        try {
            confirmed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The channel; a new one when the broker closed the last while the connection stays (never mid-recovery). */
    private Channel channel() throws IOException {
        if (channel == null || (!channel.isOpen() && connection.isOpen())) {
            failAll("channel closed");
            Channel ch = connection.createChannel();
            ch.confirmSelect();
            ch.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long seq, boolean multiple) {
                    settle(seq, multiple, null);
                }

                @Override
                public void handleNack(long seq, boolean multiple) {
                    settle(seq, multiple, new IOException("the broker did not take the message"));
                }
            });
            ch.addShutdownListener(cause -> failAll("connection to the broker lost: " + cause.getMessage()));
            channel = ch;
        }
        return channel;
    }

    private void settle(long seq, boolean multiple, IOException failure) {
        Map<Long, CompletableFuture<Void>> done =
                multiple ? outstanding.headMap(seq, true) : outstanding.subMap(seq, true, seq, true);
        for (Long key : done.keySet().toArray(Long[]::new)) {
            CompletableFuture<Void> f = outstanding.remove(key);
            if (f != null) {
                if (failure == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure);
                }
            }
        }
    }

    /** A recovered channel numbers its messages from 1 again: what was not confirmed before is failed now. */
    private void failAll(String why) {
        IOException failure = new IOException(why);
        for (Long key : outstanding.keySet().toArray(Long[]::new)) {
            CompletableFuture<Void> f = outstanding.remove(key);
            if (f != null) {
                f.completeExceptionally(failure);
            }
        }
    }
}

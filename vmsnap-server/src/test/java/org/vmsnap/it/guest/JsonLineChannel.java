package org.vmsnap.it.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One JSON object per line over a unix socket, as QMP and the QEMU guest agent speak it. Reads wait
 * at most a given time. A 0xFF byte (the guest agent's resynchronisation marker) is never part of a
 * line: it ends whatever partial line came before it.
 */
final class JsonLineChannel implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private JsonLineChannel(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
        in.limit(0);
    }

    static JsonLineChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new JsonLineChannel(channel, selector);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends raw bytes (a JSON line, or the agent's 0xFF marker). */
    void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("peer does not read (socket buffer full for 10 s)");
                }
                Thread.onSpinWait();
            }
        }
    }

    void send(JsonNode message) throws IOException {
        write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The next non-empty line as JSON, waiting at most {@code timeout}. */
    JsonNode receive(Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n' || b == (byte) 0xFF) {
                    String text = line.toString(StandardCharsets.UTF_8).trim();
                    line.reset();
                    if (b == '\n' && !text.isEmpty()) {
                        return JSON.readTree(text);
                    }
                } else {
                    line.write(b);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no answer within " + timeout);
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("connection closed by peer");
            }
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

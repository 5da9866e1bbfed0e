package org.vmsnap.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection per QEMU socket, shared by whoever talks to that QEMU (a monitor socket accepts one client at a
 * time). A connection that broke is replaced on the next use.
 */
public final class QmpPool implements AutoCloseable {
    private final Duration connectTimeout;
    private final Map<Path, QmpClient> clients = new ConcurrentHashMap<>();

    public QmpPool(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The connection to the QMP monitor at {@code socket}, connecting (greeting and capabilities) if needed. */
    public QmpClient monitor(Path socket) {
        return clients.compute(
                socket,
                (path, client) -> client != null && client.isOpen()
                        ? client
                        : QmpClient.connect(path, connectTimeout, event -> {}));
    }

    /**
     * The connection to the guest agent at {@code socket}. A new connection is first synchronised with
     * {@code guest-sync} (answers a previous client left in the channel are skipped), within {@code timeout}.
     */
    public QmpClient agent(Path socket, Duration timeout) {
        return clients.compute(socket, (path, client) -> {
            if (client != null && client.isOpen()) {
                return client;
            }
            QmpClient fresh = QmpClient.connectAgent(path, event -> {});
            try {
                synchronise(fresh, timeout);
                return fresh;
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
        });
    }

    private static void synchronise(QmpClient agent, Duration timeout) {
        long token = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        for (int attempt = 0; attempt < 8; attempt++) {
            if (agent.execute("guest-sync", Map.of("id", token), timeout).asLong() == token) {
                return;
            }
        }
        throw new QmpException("GenericError", "guest agent did not synchronise");
    }

    /** Closes and forgets the connection to {@code socket} (its QEMU went away). */
    public void forget(Path socket) {
        QmpClient client = clients.remove(socket);
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void close() {
        clients.values().forEach(QmpClient::close);
        clients.clear();
    }
}

package org.vmsnap.storage.qcow2;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;
import org.vmsnap.shared.StorageException;

/**
 * A few {@link StorageDaemon}s, so that snapshots of different offline images run in parallel: one daemon's QMP
 * monitor runs one command at a time. An operation takes the daemon used last (operations one after another keep
 * reusing one process); a second daemon is started only when two operations overlap, and so on up to the pool's
 * size. Thread-safe.
 */
final class StorageDaemons implements AutoCloseable {
    private final List<StorageDaemon> all = new ArrayList<>();
    private final BlockingDeque<StorageDaemon> idle = new LinkedBlockingDeque<>();

    /** {@code size} daemons (each started on first use) sharing {@code runDir}, once those left there are gone. */
    StorageDaemons(String binary, Path runDir, Duration timeout, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one daemon, got " + size);
        }
        StorageDaemon.killLeftovers(runDir);
        for (int i = 0; i < size; i++) {
            StorageDaemon daemon = new StorageDaemon(binary, runDir, timeout);
            all.add(daemon);
            idle.addLast(daemon);
        }
    }

    /** One daemon per core, at least 2 and at most 8. */
    static int defaultSize() {
        return Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    void createSnapshot(Path image, String tag) {
        use(daemon -> daemon.createSnapshot(image, tag));
    }

    void deleteSnapshot(Path image, String tag) {
        use(daemon -> daemon.deleteSnapshot(image, tag));
    }

    private void use(Consumer<StorageDaemon> operation) {
        StorageDaemon daemon;
        try {
            daemon = idle.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a storage daemon", e);
        }
        try {
            operation.accept(daemon);
        } finally {
            idle.addFirst(daemon);
        }
    }

    /** How many daemons no operation holds right now. */
    int idle() {
        return idle.size();
    }

    @Override
    public void close() {
        all.forEach(StorageDaemon::close);
    }
}

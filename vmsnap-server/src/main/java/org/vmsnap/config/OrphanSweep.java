package org.vmsnap.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every few seconds, settles the tasks of replicas that died (see {@link Startup#settleOrphans}). Only orphans go
 * this way: a task submitted here starts at once, without waiting for a sweep.
 */
@Component
class OrphanSweep implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final Startup startup;
    private final long intervalMillis;
    private ScheduledExecutorService timer;

    OrphanSweep(Startup startup, @Value("${vmsnap.replica.sweep-millis:5000}") long intervalMillis) {
        this.startup = startup;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public synchronized void start() {
        if (timer != null || intervalMillis <= 0) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vmsnap-orphan-sweep");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweep, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            startup.settleOrphans();
        } catch (RuntimeException e) {
            log.error("orphan sweep failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}

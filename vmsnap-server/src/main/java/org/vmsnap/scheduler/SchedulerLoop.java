package org.vmsnap.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Calls {@link SnapshotScheduler#tick} at start (missed ticks) and then at the start of every minute. */
@Component
class SchedulerLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);

    private final SnapshotScheduler scheduler;
    private final Clock clock;
    private final boolean enabled;
    private ScheduledExecutorService timer;

    SchedulerLoop(
            SnapshotScheduler scheduler, Clock clock, @Value("${vmsnap.scheduler.enabled:true}") boolean enabled) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Override
    public synchronized void start() {
        if (!enabled || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vmsnap-scheduler");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::tickSafely);
        Instant now = clock.instant();
        long untilNextMinute = 60_000 - (now.toEpochMilli() % 60_000);
        timer.scheduleAtFixedRate(
                this::tickSafely, untilNextMinute, Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            scheduler.tick(clock.instant());
        } catch (RuntimeException e) {
            log.error("scheduler tick failed", e);
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

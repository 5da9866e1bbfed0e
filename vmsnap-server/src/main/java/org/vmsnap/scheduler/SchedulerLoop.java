package org.vmsnap.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.periodic.PeriodicWork;

/** Calls {@link SnapshotScheduler#tick} at start (missed ticks) and then at the start of every minute. */
@Component
class SchedulerLoop extends PeriodicWork {
    private final SnapshotScheduler scheduler;
    private final Clock clock;

    SchedulerLoop(
            SnapshotScheduler scheduler, Clock clock, @Value("${vmsnap.scheduler.enabled:true}") boolean enabled) {
        super("vmsnap-scheduler", enabled);
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        scheduler.tick(clock.instant());
    }

    @Override
    protected void schedule(ScheduledExecutorService timer, Runnable run) {
        timer.execute(run);
        long untilNextMinute = 60_000 - (clock.instant().toEpochMilli() % 60_000);
        timer.scheduleAtFixedRate(run, untilNextMinute, Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
    }
}

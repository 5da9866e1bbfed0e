package org.vmsnap.config;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.periodic.PeriodicWork;

/**
 * Every few seconds, settles the tasks of replicas that died (see {@link Startup#settleOrphans}). Only orphans go
 * this way: a task submitted here starts at once, without waiting for a sweep.
 */
@Component
class OrphanSweep extends PeriodicWork {
    private final Startup startup;
    private final long intervalMillis;

    OrphanSweep(Startup startup, @Value("${vmsnap.replica.sweep-millis:5000}") long intervalMillis) {
        super("vmsnap-orphan-sweep", intervalMillis > 0);
        this.startup = startup;
        this.intervalMillis = intervalMillis;
    }

    @Override
    protected void runOnce() {
        startup.settleOrphans();
    }

    @Override
    protected void schedule(ScheduledExecutorService timer, Runnable run) {
        timer.scheduleWithFixedDelay(run, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
}

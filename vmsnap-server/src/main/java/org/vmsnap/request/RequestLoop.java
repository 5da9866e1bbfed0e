package org.vmsnap.request;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.periodic.PeriodicWork;

/**
 * Calls {@link RequestProcessor#tick} at start (work that fell due while the service was down) and then every
 * {@code vmsnap.requests.interval} (default 30 s). Off when {@code vmsnap.scheduler.enabled=false}, so tests drive
 * the ticks themselves.
 */
@Component
class RequestLoop extends PeriodicWork {
    private final RequestProcessor processor;
    private final Clock clock;
    private final Duration interval;

    RequestLoop(
            RequestProcessor processor,
            Clock clock,
            @Value("${vmsnap.scheduler.enabled:true}") boolean enabled,
            @Value("${vmsnap.requests.interval:PT30S}") Duration interval) {
        super("vmsnap-requests", enabled);
        this.processor = processor;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    protected void runOnce() {
        processor.tick(clock.instant());
    }

    @Override
    protected void schedule(ScheduledExecutorService timer, Runnable run) {
        timer.scheduleWithFixedDelay(run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
}

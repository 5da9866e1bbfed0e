package org.vmsnap.request;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Calls {@link RequestProcessor#tick} at start (work that fell due while the service was down) and then every
 * {@code vmsnap.requests.interval} (default 30 s). Off when {@code vmsnap.scheduler.enabled=false}, so tests drive
 * the ticks themselves.
 */
@Component
class RequestLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RequestLoop.class);

    private final RequestProcessor processor;
    private final Clock clock;
    private final boolean enabled;
    private final Duration interval;
    private ScheduledExecutorService timer;

    RequestLoop(
            RequestProcessor processor,
            Clock clock,
            @Value("${vmsnap.scheduler.enabled:true}") boolean enabled,
            @Value("${vmsnap.requests.interval:PT30S}") Duration interval) {
        this.processor = processor;
        this.clock = clock;
        this.enabled = enabled;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (!enabled || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vmsnap-requests");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tickSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            processor.tick(clock.instant());
        } catch (RuntimeException e) {
            log.error("snapshot request tick failed", e);
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

package org.vmsnap.task;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A normal stop (SIGTERM) lets the tasks this process accepted end before it goes, for up to
 * {@code vmsnap.shutdown.grace} (60 s): it stops after the scheduler and the periodic work (which stop first) and
 * after the web server took its last request, and before any bean the tasks use is closed. What is left after the
 * grace is recovered at the next start.
 */
@Component
class TaskDrain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TaskDrain.class);

    private final TaskService tasks;
    private final Duration grace;
    private volatile boolean running;

    TaskDrain(TaskService tasks, @Value("${vmsnap.shutdown.grace:PT60S}") Duration grace) {
        this.tasks = tasks;
        this.grace = grace;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            if (!tasks.awaitIdle(grace)) {
                log.warn(
                        "tasks still running after the shutdown grace of {} s: they are recovered at the next start",
                        grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the web server's phases, so it stops once no request can bring new work. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}

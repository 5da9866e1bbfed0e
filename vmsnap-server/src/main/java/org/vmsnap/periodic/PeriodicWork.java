package org.vmsnap.periodic;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work repeated on one daemon timer thread of its own from application start to stop. A run that throws is logged
 * and the next run happens as planned.
 */
public abstract class PeriodicWork implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

    private final String threadName;
    private final boolean enabled;
    private ScheduledExecutorService timer;

    /** @param enabled false: {@link #start} does nothing (tests drive the work themselves) */
    protected PeriodicWork(String threadName, boolean enabled) {
        this.threadName = threadName;
        this.enabled = enabled;
    }

    /** One run of the work. */
    protected abstract void runOnce();

    /** Plans the runs of {@code run} (which wraps {@link #runOnce}) on {@code timer}. */
    protected abstract void schedule(ScheduledExecutorService timer, Runnable run);

    @Override
    public synchronized void start() {
        if (!enabled || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        schedule(timer, this::runSafely);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("{} failed", threadName, e);
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

package org.vmsnap.task;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Threads that run task bodies; at most one per busy disk is ever in use. Stopped before {@link Replicas} lets go of
 * the disks and of this replica's liveness, so no other replica settles a task whose body still runs here.
 */
@Component
@DependsOn("replicas")
class TaskExecutor implements Executor, DisposableBean {
    private final Semaphore bodies;
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vmsnap-task-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    TaskExecutor(@Value("${vmsnap.tasks.max-running:32}") int maxRunning) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("vmsnap.tasks.max-running must be positive");
        }
        this.bodies = new Semaphore(maxRunning, true);
    }

    /**
     * Runs {@code body} once fewer than {@code vmsnap.tasks.max-running} bodies run, in arrival order. The bodies
     * share the database's few connections: without a bound, a burst of thousands of tasks (a scheduler minute)
     * waits on the connection pool until some time out. Call while holding the task's disks, never before (a task
     * waiting here holds no one else up but the tasks queued behind it on its disks).
     */
    void runBounded(Runnable body) throws InterruptedException {
        bodies.acquire();
        try {
            body.run();
        } finally {
            bodies.release();
        }
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}

package org.vmsnap.task;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Threads that run task bodies; at most one per busy disk is ever in use. */
@Component
class TaskExecutor implements Executor, DisposableBean {
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vmsnap-task-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}

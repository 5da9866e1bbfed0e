package org.vmsnap.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Runs jobs so that jobs sharing a disk run one at a time in submission order, and jobs on different disks run in
 * parallel. A job on several disks (restore: source and target) waits until it is first in every one of their
 * queues; since a job joins all its queues at once, the order is global and no two jobs can wait on each other.
 *
 * <p>A job may take its place before it may run ({@link #reserve}): a task takes it while its transaction still
 * holds the locks that ordered it against the other operations on its VM, and is {@linkplain #arm armed} when that
 * transaction commits (or {@linkplain #cancel cancelled} when it rolls back). The order of the lanes is thus the
 * order in which the operations were decided, not the order in which their commits happened to finish.
 */
final class DiskLanes {
    private final Executor executor;
    private final Map<Long, Deque<Job>> queues = new HashMap<>();

    DiskLanes(Executor executor) {
        this.executor = executor;
    }

    /** A unit of work on some disks. */
    static final class Job {
        private final List<Long> disks;
        private final Runnable body;
        private boolean armed;
        private boolean started;

        Job(List<Long> disks, Runnable body) {
            this.disks = List.copyOf(disks);
            this.body = body;
        }
    }

    /** Gives the jobs their places at the end of their disks' queues, in list order; none runs until armed. */
    synchronized void reserve(List<Job> jobs) {
        for (Job job : jobs) {
            for (Long disk : job.disks) {
                queues.computeIfAbsent(disk, d -> new ArrayDeque<>()).addLast(job);
            }
        }
    }

    /** Lets a reserved job run once it is first in its queues. */
    synchronized void arm(Job job) {
        job.armed = true;
        startIfReady(job);
    }

    /**
     * {@link #arm} for many jobs. Those ready at once are started from one pool thread rather than the caller's:
     * making a thread per busy disk takes a while, and a burst (the scheduler's) must not wait for thousands of them.
     */
    void armAll(List<Job> jobs) {
        List<Job> ready = new ArrayList<>();
        synchronized (this) {
            jobs.forEach(job -> job.armed = true);
            for (Job job : jobs) {
                if (claimIfReady(job)) {
                    ready.add(job);
                }
            }
        }
        if (!ready.isEmpty()) {
            executor.execute(() -> ready.forEach(this::launch));
        }
    }

    /** Gives up the places of reserved jobs that will never run; the jobs behind them move up. */
    synchronized void cancel(List<Job> jobs) {
        jobs.forEach(this::leave);
    }

    /** Number of jobs queued or running on {@code disk}. */
    synchronized int depth(long disk) {
        Deque<Job> queue = queues.get(disk);
        return queue == null ? 0 : queue.size();
    }

    private void startIfReady(Job job) {
        if (claimIfReady(job)) {
            launch(job);
        }
    }

    /** Marks the job started if it is armed and first in all its queues; the caller holds the monitor. */
    private boolean claimIfReady(Job job) {
        if (job.started || !job.armed) {
            return false;
        }
        for (Long disk : job.disks) {
            if (queues.get(disk).peekFirst() != job) {
                return false;
            }
        }
        job.started = true;
        return true;
    }

    private void launch(Job job) {
        executor.execute(() -> {
            try {
                job.body.run();
            } finally {
                finished(job);
            }
        });
    }

    private synchronized void finished(Job job) {
        leave(job);
    }

    /** Takes the job out of its queues and starts what is now first in them; the caller holds the monitor. */
    private void leave(Job job) {
        for (Long disk : job.disks) {
            Deque<Job> queue = queues.get(disk);
            if (queue == null) {
                continue;
            }
            queue.removeFirstOccurrence(job);
            if (queue.isEmpty()) {
                queues.remove(disk);
            }
        }
        for (Long disk : job.disks) {
            Deque<Job> queue = queues.get(disk);
            if (queue != null) {
                startIfReady(queue.peekFirst());
            }
        }
    }
}

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
        private boolean started;

        Job(List<Long> disks, Runnable body) {
            this.disks = List.copyOf(disks);
            this.body = body;
        }
    }

    synchronized void submit(Job job) {
        for (Long disk : job.disks) {
            queues.computeIfAbsent(disk, d -> new ArrayDeque<>()).addLast(job);
        }
        startIfReady(job);
    }

    /**
     * {@link #submit} for many jobs, in list order. The jobs ready at once are started from one pool thread rather
     * than the caller's: making a thread per busy disk takes a while, and a burst (the scheduler's) must not wait
     * for thousands of them.
     */
    void submitAll(List<Job> jobs) {
        List<Job> ready = new ArrayList<>();
        synchronized (this) {
            for (Job job : jobs) {
                for (Long disk : job.disks) {
                    queues.computeIfAbsent(disk, d -> new ArrayDeque<>()).addLast(job);
                }
            }
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

    /** Marks the job started if it is first in all its queues; the caller holds the monitor. */
    private boolean claimIfReady(Job job) {
        if (job.started) {
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
        for (Long disk : job.disks) {
            Deque<Job> queue = queues.get(disk);
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

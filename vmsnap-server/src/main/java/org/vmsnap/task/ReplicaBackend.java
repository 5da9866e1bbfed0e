package org.vmsnap.task;

import java.util.List;

/**
 * What replicas sharing a database need from it beyond plain SQL: a liveness mark that vanishes with the process,
 * and disks held across processes. Calls are serialised by the caller ({@link Replicas}' monitor).
 */
interface ReplicaBackend extends AutoCloseable {
    /** Marks {@code self} alive for as long as this process lives; called once, before the replica row is written. */
    void register(long self);

    /** Whether the replica {@code other} (never this one) still lives. */
    boolean alive(long other);

    /**
     * Takes {@code disks} for the task {@code taskId} if no other replica holds one of them and no other replica
     * has an unfinished task submitted earlier on one of them; all or nothing.
     */
    boolean tryTake(long self, String taskId, List<Long> disks);

    /** Gives back disks taken by {@link #tryTake}. */
    void release(List<Long> disks);

    /** Whether the liveness mark is still held (false once the database session behind it broke). */
    boolean healthy();

    @Override
    void close();
}

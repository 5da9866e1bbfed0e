package org.vmsnap.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An asynchronous operation.
 *
 * @param id Danube-format id, e.g. {@code 1e1d1-1c674526-0d99-4843-9b6d}
 * @param callbackKey 32 characters {@code [a-z0-9]} (HOSTKEY); known only to the task made in this process (the
 *     database keeps its digest): a task read back carries null
 * @param uuid for front doors that address jobs by uuid
 * @param diskIds the disks it works on, in lane order
 * @param outcome present once the task is done
 */
public record Task(
        String id,
        String callbackKey,
        String uuid,
        TaskKind kind,
        TaskState state,
        long userId,
        long ownerId,
        long dcId,
        Long vmId,
        List<Long> diskIds,
        Optional<TaskOutcome> outcome,
        Instant createdAt,
        Instant finishedAt) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(outcome, "outcome");
        diskIds = List.copyOf(diskIds);
    }

    /** This task, done. */
    public Task finished(TaskState state, TaskOutcome result, Instant at) {
        return new Task(
                id,
                callbackKey,
                uuid,
                kind,
                state,
                userId,
                ownerId,
                dcId,
                vmId,
                diskIds,
                Optional.of(result),
                createdAt,
                at);
    }
}

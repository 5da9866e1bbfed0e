package org.vmsnap.snapshot;

import java.util.Optional;
import org.vmsnap.task.Task;

/**
 * How a delete went: a task was started, or (lost snapshots only) rows were removed at once.
 *
 * @param syncTaskId the dummy id of the synchronous removal, when there was one
 */
public record DeleteResult(Optional<Task> task, Optional<String> syncTaskId) {
    public static DeleteResult started(Task task) {
        return new DeleteResult(Optional.of(task), Optional.empty());
    }

    public static DeleteResult removedFromDb(String syncTaskId) {
        return new DeleteResult(Optional.empty(), Optional.of(syncTaskId));
    }
}

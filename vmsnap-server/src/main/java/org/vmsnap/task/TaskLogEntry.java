package org.vmsnap.task;

import java.time.Instant;
import java.util.Objects;

/** One line of the task log: who did what to which object, and how it went. */
public record TaskLogEntry(
        long id,
        Instant time,
        String taskId,
        TaskState status,
        long userId,
        String username,
        long ownerId,
        long dcId,
        String msg,
        String detail,
        String objectType,
        String objectName,
        String objectAlias,
        int flag) {
    public TaskLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(detail, "detail");
    }

    /** Danube's flag: 1 create, 2 delete, 3 update, 0 other, taken from the message's first word. */
    public static int flagOf(String msg) {
        String first = msg.split(" ", 2)[0];
        return switch (first) {
            case "Create", "Add", "Deploy", "Define" -> 1;
            case "Delete", "Remove", "Destroy" -> 2;
            case "Update", "Rollback", "Restore", "Synchronize" -> 3;
            default -> 0;
        };
    }
}

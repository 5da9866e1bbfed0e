package org.vmsnap.task;

import java.util.Objects;
import java.util.Optional;

/**
 * A page of the task log.
 *
 * @param visibleTo null for admins (the whole DC), else the user id whose entries are shown
 */
public record TaskLogQuery(
        long dcId,
        Long visibleTo,
        Optional<String> status,
        Optional<String> objectType,
        Optional<String> objectName,
        boolean hideAuto,
        int limit,
        int offset) {
    public TaskLogQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectName, "objectName");
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("bad page");
        }
    }
}

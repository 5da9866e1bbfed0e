package org.vmsnap.task;

import java.util.Objects;

/**
 * What the task log says about a call.
 *
 * @param msg e.g. {@code Create snapshot of server's disk}
 * @param detail e.g. {@code snapname='s1', disk_id=1, type=2}
 * @param objectType e.g. {@code vm}
 */
public record LogInfo(String msg, String detail, String objectType, String objectName, String objectAlias) {
    public LogInfo {
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(objectAlias, "objectAlias");
    }
}

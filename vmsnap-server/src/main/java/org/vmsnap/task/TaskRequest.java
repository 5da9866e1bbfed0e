package org.vmsnap.task;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmsnap.access.Caller;

/**
 * A task to start.
 *
 * @param ownerId owner of the object worked on (the VM owner)
 * @param diskIds disks the task touches; tasks sharing a disk run one at a time in submission order
 * @param automatic started by the scheduler rather than a user
 * @param params what the task was asked, kept for display
 */
public record TaskRequest(
        TaskKind kind,
        Caller caller,
        long ownerId,
        Long vmId,
        List<Long> diskIds,
        boolean automatic,
        Map<String, Object> params,
        LogInfo log) {
    public TaskRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(log, "log");
        diskIds = List.copyOf(diskIds);
        params = Map.copyOf(params);
    }
}

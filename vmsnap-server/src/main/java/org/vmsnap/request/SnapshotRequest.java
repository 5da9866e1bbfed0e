package org.vmsnap.request;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot request.
 *
 * @param vmId null once the VM is gone
 * @param vmName the VM's hostname when the request was made
 * @param validForHours the lifetime asked for at creation (0 for Delete and Revert)
 * @param toDate when the snapshot is deleted (Create only), extensions included
 * @param snapshotName the snapshot it acts on ({@code SR-<id>} for a Create)
 * @param taskIds the tasks started for it, in order
 */
public record SnapshotRequest(
        long id,
        RequestAction action,
        RequestStatus status,
        long userId,
        Long vmId,
        String vmName,
        long dcId,
        Instant fromDate,
        int validForHours,
        Instant toDate,
        String description,
        boolean consolidate,
        boolean withMemory,
        int extensions,
        String snapshotName,
        List<String> taskIds,
        List<String> warnings,
        List<String> errors,
        Instant createdAt,
        Instant updatedAt) {
    /** Lifetimes (and each extension) are 1 to 72 hours. */
    public static final int MAX_HOURS = 72;
    /** A request's lifetime can be extended this many times. */
    public static final int MAX_EXTENSIONS = 3;

    public SnapshotRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(vmName, "vmName");
        Objects.requireNonNull(fromDate, "fromDate");
        Objects.requireNonNull(description, "description");
        taskIds = List.copyOf(taskIds);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** The snapshot name a Create request gives its snapshots. */
    public static String nameFor(long requestId) {
        return "SR-" + requestId;
    }
}

package org.vmsnap.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * A schedule and a retention for automatic snapshots of one VM disk.
 *
 * @param diskId the disk's database id
 * @param diskPosition the disk's 1-based position in its VM
 * @param retention how many automatic snapshots to keep; 0 keeps all
 * @param nextRunAt when it fires next (UTC); null when inactive or never
 */
public record SnapshotDefinition(
        long id,
        long vmId,
        long diskId,
        int diskPosition,
        String name,
        String schedule,
        int retention,
        boolean active,
        String description,
        boolean fsfreeze,
        Instant nextRunAt,
        Instant lastRunAt,
        Instant createdAt) {
    public SnapshotDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        if (retention < 0) {
            throw new IllegalArgumentException("retention must not be negative");
        }
    }
}

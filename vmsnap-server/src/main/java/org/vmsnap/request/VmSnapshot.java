package org.vmsnap.request;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a whole VM: the snapshots of its disks that share one name.
 *
 * @param id the smallest id among the disks' snapshots (stable while the snapshot exists)
 * @param disks how many of the VM's disks have it
 * @param sizeBytes what deleting it frees, summed over the disks (0 until measured)
 * @param status the worst status among the disks' snapshots ({@code ok} when all are)
 */
public record VmSnapshot(
        long id,
        String name,
        String description,
        Instant createdAt,
        int disks,
        long sizeBytes,
        String status,
        String consistency) {
    public VmSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }
}

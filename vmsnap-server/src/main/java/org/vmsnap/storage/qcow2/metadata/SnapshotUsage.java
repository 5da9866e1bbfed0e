package org.vmsnap.storage.qcow2.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * Space accounting of one internal snapshot of a qcow2 image.
 *
 * @param id the snapshot's unique id string (qemu numbers them "1", "2", ...)
 * @param name the snapshot's name (tag)
 * @param created when the snapshot was taken (date_sec and date_nsec of the snapshot table entry)
 * @param vmStateSize size of the saved VM state in bytes, 0 for a disk-only snapshot
 * @param exclusiveBytes bytes that deleting this snapshot frees: host clusters referenced by this snapshot's L1 tree
 *     and by no other L1 tree (neither the active image nor another snapshot). That is the clusters of the
 *     snapshot's own L1 table, its L2 tables no other L1 references, and the data and vm-state clusters (including
 *     allocated zero clusters and the host clusters touched by compressed clusters) that only those tables map. When
 *     {@code qemu-img snapshot -d} deletes the snapshot, the used cluster count drops by exactly this amount, plus
 *     changes to shared metadata that are not attributed to any snapshot: qemu rewrites the snapshot table to a
 *     new place (it shrinks, or disappears with the last snapshot), and can allocate a refcount block or move the
 *     refcount table for it
 * @param changedSinceBytes guest bytes written since the snapshot was taken: the number of guest clusters (within the
 *     virtual disk) whose L2 mapping in the active image differs from the one in this snapshot, including clusters
 *     allocated, zeroed or discarded since, times the cluster size
 */
public record SnapshotUsage(
        String id, String name, Instant created, long vmStateSize, long exclusiveBytes, long changedSinceBytes) {

    /** Validates the arguments: strings and instant non-null, sizes non-negative. */
    public SnapshotUsage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        requireNonNegative(vmStateSize, "vmStateSize");
        requireNonNegative(exclusiveBytes, "exclusiveBytes");
        requireNonNegative(changedSinceBytes, "changedSinceBytes");
    }

    static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}

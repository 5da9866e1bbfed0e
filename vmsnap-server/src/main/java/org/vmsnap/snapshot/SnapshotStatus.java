package org.vmsnap.snapshot;

/** Where a snapshot is in its life. */
public enum SnapshotStatus {
    /** Intent recorded; the image is being snapshotted. */
    PENDING,
    OK,
    /** The VM's disk is being reverted to it (or it is being copied into another disk). */
    ROLLBACK,
    /** Recorded here but missing from the image. */
    LOST,
    /** Being deleted from the image. */
    DELETING,
    ERROR
}

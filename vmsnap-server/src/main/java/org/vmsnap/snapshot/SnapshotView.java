package org.vmsnap.snapshot;

/**
 * A snapshot with what front doors show beside it.
 *
 * @param diskPosition the disk's 1-based position in its VM
 */
public record SnapshotView(Snapshot snapshot, String hostname, String vmUuid, int diskPosition) {}

package org.vmsnap.storage.qcow2.metadata;

import java.util.List;
import java.util.Objects;

/**
 * Space usage of a qcow2 image as read from its metadata.
 *
 * @param clusterSize cluster size in bytes (a power of two, 512 B to 2 MiB)
 * @param virtualSize size of the virtual disk in bytes
 * @param usedClusters host clusters with a refcount greater than zero according to the refcount table (header,
 *     refcount structures, L1/L2 tables, snapshot table, data, bitmaps); not rescanned from L1/L2 when the image's
 *     dirty bit says refcounts may lag (lazy refcounts)
 * @param snapshots the internal snapshots in snapshot table order (oldest first for images written by qemu)
 * @param activeDataBytes bytes of distinct host clusters mapped as guest data by the active image (allocated zero
 *     clusters included; a host cluster shared by several compressed clusters counted once)
 */
public record Qcow2Usage(
        long clusterSize, long virtualSize, long usedClusters, List<SnapshotUsage> snapshots, long activeDataBytes) {

    /** Validates the arguments and copies the snapshot list. */
    public Qcow2Usage {
        if (clusterSize < 512 || Long.bitCount(clusterSize) != 1) {
            throw new IllegalArgumentException("clusterSize must be a power of two >= 512: " + clusterSize);
        }
        SnapshotUsage.requireNonNegative(virtualSize, "virtualSize");
        SnapshotUsage.requireNonNegative(usedClusters, "usedClusters");
        SnapshotUsage.requireNonNegative(activeDataBytes, "activeDataBytes");
        snapshots = List.copyOf(Objects.requireNonNull(snapshots, "snapshots"));
    }

    /** Bytes of host clusters in use: {@code usedClusters * clusterSize}. */
    public long usedBytes() {
        return usedClusters * clusterSize;
    }
}

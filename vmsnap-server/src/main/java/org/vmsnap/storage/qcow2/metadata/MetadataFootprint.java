package org.vmsnap.storage.qcow2.metadata;

/**
 * Clusters of shared metadata that no L1 tree owns and that qemu may reallocate when a snapshot is deleted.
 *
 * @param snapshotTableClusters clusters of the snapshot table (0 without snapshots)
 * @param refcountTableClusters clusters of the refcount table
 * @param refcountBlocks allocated refcount blocks
 */
record MetadataFootprint(long snapshotTableClusters, long refcountTableClusters, long refcountBlocks) {

    long total() {
        return snapshotTableClusters + refcountTableClusters + refcountBlocks;
    }
}

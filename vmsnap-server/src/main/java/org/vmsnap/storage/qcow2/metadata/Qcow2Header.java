package org.vmsnap.storage.qcow2.metadata;

import java.nio.ByteBuffer;

/**
 * The fields of a qcow2 version 2 or 3 header this reader needs, validated against the file size.
 *
 * @param clusterBits log2 of the cluster size (9..21)
 * @param l1Size number of entries of the active L1 table
 * @param refcountOrder log2 of the refcount width in bits (0..6)
 * @param extendedL2 whether L2 entries are 128 bits wide (incompatible feature bit 4)
 */
record Qcow2Header(
        int version,
        int clusterBits,
        long virtualSize,
        int l1Size,
        long l1TableOffset,
        long refcountTableOffset,
        int refcountTableClusters,
        int snapshotCount,
        long snapshotsOffset,
        int refcountOrder,
        boolean extendedL2) {

    static final int MAGIC = 0x514649fb;
    static final int V2_HEADER_LENGTH = 72;
    static final int V3_HEADER_LENGTH = 104;
    static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    /** qemu's limits: 32 MiB L1 tables, 8 MiB refcount tables, 65536 snapshots. */
    static final int MAX_L1_ENTRIES = 32 * 1024 * 1024 / 8;

    private static final long INCOMPAT_DIRTY = 1;
    private static final long INCOMPAT_CORRUPT = 1 << 1;
    private static final long INCOMPAT_DATA_FILE = 1 << 2;
    private static final long INCOMPAT_COMPRESSION = 1 << 3;
    private static final long INCOMPAT_EXTL2 = 1 << 4;
    private static final long INCOMPAT_KNOWN =
            INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_DATA_FILE | INCOMPAT_COMPRESSION | INCOMPAT_EXTL2;
    private static final int MAX_REFCOUNT_TABLE_BYTES = 8 * 1024 * 1024;
    private static final int MAX_SNAPSHOTS = 65536;

    long clusterSize() {
        return 1L << clusterBits;
    }

    /** Number of entries in one L2 table. */
    int l2Entries() {
        return 1 << (clusterBits - (extendedL2 ? 4 : 3));
    }

    /** Number of guest clusters of a disk of {@code diskSize} bytes. */
    long guestClusters(long diskSize) {
        return (diskSize >> clusterBits) + ((diskSize & (clusterSize() - 1)) == 0 ? 0 : 1);
    }

    /** Number of L1 entries needed to map a disk of {@code diskSize} bytes. */
    long l1EntriesFor(long diskSize) {
        long clusters = guestClusters(diskSize);
        return (clusters + l2Entries() - 1) / l2Entries();
    }

    static Qcow2Header read(ImageFile file) throws Qcow2FormatException {
        long fileSize = file.size();
        if (fileSize == 0) {
            throw file.error("empty file (0 bytes), not a qcow2 image");
        }
        ByteBuffer b = file.read(0, (int) Math.min(fileSize, V3_HEADER_LENGTH), "header");
        if (fileSize < 4 || b.getInt(0) != MAGIC) {
            throw file.error("not a qcow2 image (missing QFI\\xfb magic)");
        }
        if (fileSize < V2_HEADER_LENGTH) {
            throw file.error("truncated qcow2 header (" + fileSize + " bytes)");
        }
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw file.error("unsupported qcow2 version " + Integer.toUnsignedString(version));
        }
        int clusterBits = b.getInt(20);
        if (clusterBits < 9 || clusterBits > 21) {
            throw file.error("unsupported cluster_bits " + clusterBits + " (expected 9..21)");
        }
        if (b.getInt(32) != 0) {
            throw file.error("encrypted qcow2 images are not supported (crypt_method "
                    + Integer.toUnsignedString(b.getInt(32)) + ")");
        }
        long incompatible = 0;
        int refcountOrder = 4;
        if (version == 3) {
            if (fileSize < V3_HEADER_LENGTH) {
                throw file.error("truncated qcow2 v3 header (" + fileSize + " bytes)");
            }
            incompatible = b.getLong(72);
            refcountOrder = b.getInt(96);
            long headerLength = Integer.toUnsignedLong(b.getInt(100));
            if (headerLength < V3_HEADER_LENGTH || headerLength % 8 != 0 || headerLength > (1L << clusterBits)) {
                throw file.error("invalid header_length " + headerLength);
            }
        }
        checkFeatures(file, incompatible, clusterBits);
        if (refcountOrder < 0 || refcountOrder > 6) {
            throw file.error("invalid refcount_order " + refcountOrder);
        }
        Qcow2Header header = new Qcow2Header(
                version,
                clusterBits,
                b.getLong(24),
                b.getInt(36),
                b.getLong(40),
                b.getLong(48),
                b.getInt(56),
                b.getInt(60),
                b.getLong(64),
                refcountOrder,
                (incompatible & INCOMPAT_EXTL2) != 0);
        header.validate(file);
        return header;
    }

    private static void checkFeatures(ImageFile file, long incompatible, int clusterBits) throws Qcow2FormatException {
        if ((incompatible & ~INCOMPAT_KNOWN) != 0) {
            throw file.error("unsupported incompatible features 0x" + Long.toHexString(incompatible & ~INCOMPAT_KNOWN));
        }
        if ((incompatible & INCOMPAT_DATA_FILE) != 0) {
            throw file.error("qcow2 images with an external data file are not supported");
        }
        if ((incompatible & INCOMPAT_EXTL2) != 0 && clusterBits < 14) {
            throw file.error("extended L2 entries need clusters of at least 16 KiB (cluster_bits " + clusterBits + ")");
        }
    }

    private void validate(ImageFile file) throws Qcow2FormatException {
        if (virtualSize < 0) {
            throw file.error("invalid virtual size " + Long.toUnsignedString(virtualSize));
        }
        if (l1Size < 0 || l1Size > MAX_L1_ENTRIES) {
            throw file.error("invalid L1 table size " + Integer.toUnsignedString(l1Size));
        }
        if (l1Size < l1EntriesFor(virtualSize)) {
            throw file.error("L1 table too small (" + l1Size + " entries) for virtual size " + virtualSize);
        }
        requireTable(file, l1TableOffset, (long) l1Size * Long.BYTES, "active L1 table");
        long refcountBytes = (long) refcountTableClusters << clusterBits;
        if (refcountTableClusters <= 0 || refcountBytes > MAX_REFCOUNT_TABLE_BYTES) {
            throw file.error("invalid refcount_table_clusters " + Integer.toUnsignedString(refcountTableClusters));
        }
        requireTable(file, refcountTableOffset, refcountBytes, "refcount table");
        if (snapshotCount < 0 || snapshotCount > MAX_SNAPSHOTS) {
            throw file.error("invalid number of snapshots " + Integer.toUnsignedString(snapshotCount));
        }
        if (snapshotCount > 0) {
            requireTable(file, snapshotsOffset, SnapshotTable.FIXED_ENTRY_BYTES, "snapshot table");
        }
    }

    /** Fails unless a table starts cluster-aligned and {@code length} bytes from it lie inside the file. */
    void requireTable(ImageFile file, long offset, long length, String what) throws Qcow2FormatException {
        if (length == 0) {
            return;
        }
        if ((offset & (clusterSize() - 1)) != 0) {
            throw file.error(what + " offset " + offset + " is not cluster-aligned: corrupted image");
        }
        if (offset == 0) {
            throw file.error(what + " at offset 0 overlaps the header: corrupted image");
        }
        file.requireRange(offset, length, what);
    }
}

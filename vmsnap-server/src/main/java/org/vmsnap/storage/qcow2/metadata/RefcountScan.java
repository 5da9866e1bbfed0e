package org.vmsnap.storage.qcow2.metadata;

import java.nio.ByteBuffer;

/**
 * Result of walking the refcount table and every refcount block.
 *
 * @param usedClusters host clusters with a refcount greater than zero
 * @param refcountBlocks allocated refcount blocks (non-zero refcount table entries)
 */
record RefcountScan(long usedClusters, long refcountBlocks) {

    RefcountScan {
        if (usedClusters < 0 || refcountBlocks < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    static RefcountScan read(ImageFile file, Qcow2Header header) throws Qcow2FormatException {
        int cluster = (int) header.clusterSize();
        int entries = header.refcountTableClusters() * (cluster / Long.BYTES);
        long[] table = file.readLongs(header.refcountTableOffset(), entries, "refcount table");
        int bits = 1 << header.refcountOrder();
        int[] perByte = bits < 8 ? nonZeroFieldsPerByte(bits) : null;
        long used = 0;
        long blocks = 0;
        for (int i = 0; i < table.length; i++) {
            long offset = table[i] & ~511L;
            if (offset == 0) {
                continue;
            }
            String what = "refcount block " + i;
            header.requireTable(file, offset, cluster, what);
            ByteBuffer block = file.read(offset, cluster, what);
            used += countNonZero(block, bits, perByte);
            blocks++;
        }
        return new RefcountScan(used, blocks);
    }

    private static long countNonZero(ByteBuffer block, int bits, int[] perByte) {
        long count = 0;
        int limit = block.limit();
        switch (bits) {
            case 8 -> {
                for (int p = 0; p < limit; p++) {
                    count += block.get(p) != 0 ? 1 : 0;
                }
            }
            case 16 -> {
                for (int p = 0; p < limit; p += 2) {
                    count += block.getShort(p) != 0 ? 1 : 0;
                }
            }
            case 32 -> {
                for (int p = 0; p < limit; p += 4) {
                    count += block.getInt(p) != 0 ? 1 : 0;
                }
            }
            case 64 -> {
                for (int p = 0; p < limit; p += 8) {
                    count += block.getLong(p) != 0 ? 1 : 0;
                }
            }
            default -> {
                for (int p = 0; p < limit; p++) {
                    count += perByte[block.get(p) & 0xff];
                }
            }
        }
        return count;
    }

    /** For 1-, 2- and 4-bit refcounts: how many of the fields packed into a byte value are non-zero. */
    private static int[] nonZeroFieldsPerByte(int bits) {
        int[] counts = new int[256];
        int mask = (1 << bits) - 1;
        for (int value = 0; value < 256; value++) {
            for (int shift = 0; shift < 8; shift += bits) {
                counts[value] += ((value >>> shift) & mask) != 0 ? 1 : 0;
            }
        }
        return counts;
    }
}

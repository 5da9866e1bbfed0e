package org.vmsnap.storage.qcow2.metadata;

import java.util.Arrays;

/**
 * One L2 table, validated on read: every allocated entry points inside the file.
 *
 * <p>Standard entries: bits 9-55 are the host cluster offset, bit 0 the zero flag (an entry with an offset and the
 * zero flag still owns its host cluster; without an offset it is unallocated). Compressed entries (bit 62): the low
 * {@code x = 62 - (cluster_bits - 8)} bits are the host byte offset, the next {@code cluster_bits - 8} bits the number
 * of additional 512-byte sectors; the data may run into the following host cluster. Bit 63 (COPIED) is cleared on
 * read, so that equal mappings are equal words. With extended L2 entries each entry is followed by a 64-bit
 * subcluster bitmap, which does not affect ownership but is part of the mapping.
 */
final class L2Table {
    private static final long COPIED = 1L << 63;
    private static final long COMPRESSED = 1L << 62;
    private static final long SECTOR_MASK = ~511L;

    private final long[] words;
    private final int stride;
    private final int clusterBits;

    private L2Table(long[] words, int stride, int clusterBits) {
        this.words = words;
        this.stride = stride;
        this.clusterBits = clusterBits;
    }

    static L2Table read(ImageFile file, Qcow2Header header, long offset) throws Qcow2FormatException {
        String what = "L2 table at " + offset;
        int stride = header.extendedL2() ? 2 : 1;
        long[] words = file.readLongs(offset, header.l2Entries() * stride, what);
        L2Table table = new L2Table(words, stride, header.clusterBits());
        table.normalizeAndValidate(file, what);
        return table;
    }

    int entries() {
        return words.length / stride;
    }

    /** First host cluster index entry {@code j} references, or -1 when it references none. */
    long firstHostCluster(int j) {
        long d = words[j * stride];
        if ((d & COMPRESSED) != 0) {
            return compressedOffset(d) >>> clusterBits;
        }
        long offset = d & Qcow2Header.OFFSET_MASK;
        return offset == 0 ? -1 : offset >>> clusterBits;
    }

    /** Last host cluster index entry {@code j} references; only meaningful when {@link #firstHostCluster} is not -1. */
    long lastHostCluster(int j) {
        long d = words[j * stride];
        if ((d & COMPRESSED) != 0) {
            return (compressedEnd(d) - 1) >>> clusterBits;
        }
        return (d & Qcow2Header.OFFSET_MASK) >>> clusterBits;
    }

    /**
     * Counts guest clusters whose mapping (descriptor and, with extended L2 entries, subcluster bitmap) differs between
     * two L2 tables of the same image covering the same guest range.
     *
     * @param a a table, or null when that range is unallocated
     * @param validA number of leading entries of {@code a} that belong to its disk (the rest count as unallocated)
     */
    static int countDifferences(L2Table a, int validA, L2Table b, int validB) {
        int realA = a == null ? 0 : validA;
        int realB = b == null ? 0 : validB;
        int common = Math.min(realA, realB);
        int changed = 0;
        if (common > 0) {
            int stride = a.stride;
            int to = common * stride;
            for (int from = 0; from < to; ) {
                int mismatch = Arrays.mismatch(a.words, from, to, b.words, from, to);
                if (mismatch < 0) {
                    break;
                }
                changed++;
                from = ((from + mismatch) / stride + 1) * stride;
            }
        }
        L2Table longer = realA > realB ? a : b;
        for (int j = common; j < Math.max(realA, realB); j++) {
            if (longer.isMapped(j)) {
                changed++;
            }
        }
        return changed;
    }

    /** Whether entry {@code j} maps anything: a host cluster, a zero flag or a subcluster state. */
    private boolean isMapped(int j) {
        return words[j * stride] != 0 || (stride == 2 && words[j * 2 + 1] != 0);
    }

    private int compressedShift() {
        return 62 - (clusterBits - 8);
    }

    private long compressedOffset(long d) {
        return d & ((1L << compressedShift()) - 1);
    }

    /** Exclusive end of the compressed data: the end of its last 512-byte sector. */
    private long compressedEnd(long d) {
        long extraSectors = (d >>> compressedShift()) & ((1L << (clusterBits - 8)) - 1);
        return (compressedOffset(d) & SECTOR_MASK) + (extraSectors + 1) * 512;
    }

    /** Clears the COPIED flags and checks every referenced offset against the file. */
    private void normalizeAndValidate(ImageFile file, String what) throws Qcow2FormatException {
        long clusterMask = (1L << clusterBits) - 1;
        for (int j = 0; j < entries(); j++) {
            long d = words[j * stride] & ~COPIED;
            words[j * stride] = d;
            if (d == 0) {
                continue;
            }
            long start;
            if ((d & COMPRESSED) != 0) {
                start = compressedOffset(d);
                if (start == 0) {
                    throw file.error(what + " entry " + j + ": compressed cluster at offset 0: corrupted image");
                }
                requireInside(file, (compressedEnd(d) - 1) & ~clusterMask, what, j);
            } else {
                start = d & Qcow2Header.OFFSET_MASK;
                if (start == 0) {
                    continue;
                }
                if ((start & clusterMask) != 0) {
                    throw file.error(what + " entry " + j + ": data cluster offset " + start
                            + " is not cluster-aligned: corrupted image");
                }
            }
            requireInside(file, start, what, j);
        }
    }

    /** A data cluster must start inside the file (its tail may be sparse, e.g. with subclusters). */
    private static void requireInside(ImageFile file, long offset, String what, int j) throws Qcow2FormatException {
        if (offset >= file.size()) {
            throw file.error(what + " entry " + j + ": data at offset " + offset + " lies beyond the end of the file"
                    + " (size " + file.size() + "): corrupted image");
        }
    }
}

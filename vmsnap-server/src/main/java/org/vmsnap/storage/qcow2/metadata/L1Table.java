package org.vmsnap.storage.qcow2.metadata;

/** Reads an L1 table and validates the L2 table offsets it holds. */
final class L1Table {
    private L1Table() {}

    /**
     * Reads {@code size} L1 entries at {@code offset}.
     *
     * @return the L2 table offsets (bits 9-55, COPIED flag and reserved bits dropped); 0 for an unallocated L2 table
     */
    static long[] read(ImageFile file, Qcow2Header header, long offset, int size, String what)
            throws Qcow2FormatException {
        header.requireTable(file, offset, (long) size * Long.BYTES, what);
        long[] entries = file.readLongs(offset, size, what);
        long clusterMask = header.clusterSize() - 1;
        for (int i = 0; i < entries.length; i++) {
            long l2Offset = entries[i] & Qcow2Header.OFFSET_MASK;
            if (l2Offset != 0) {
                if ((l2Offset & clusterMask) != 0) {
                    throw file.error(what + " entry " + i + ": L2 table offset " + l2Offset
                            + " is not cluster-aligned: corrupted image");
                }
                file.requireRange(l2Offset, header.clusterSize(), "L2 table (" + what + " entry " + i + ")");
            }
            entries[i] = l2Offset;
        }
        return entries;
    }
}

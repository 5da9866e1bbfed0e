package org.vmsnap.storage.qcow2.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed snapshot table.
 *
 * @param entries the snapshots in table order
 * @param byteLength length of the table in bytes (sum of the padded entries)
 */
record SnapshotTable(List<Entry> entries, long byteLength) {

    /** Size of the fixed part of a snapshot table entry. */
    static final int FIXED_ENTRY_BYTES = 40;
    /** qemu's QCOW_MAX_SNAPSHOT_EXTRA_DATA. */
    private static final int MAX_EXTRA_DATA = 1024;

    SnapshotTable {
        entries = List.copyOf(entries);
    }

    /**
     * One snapshot table entry.
     *
     * @param l1Size number of entries in the snapshot's L1 table
     * @param diskSize virtual disk size of the snapshot (extra data, else the image's virtual size)
     */
    record Entry(
            String id, String name, long l1TableOffset, int l1Size, Instant created, long vmStateSize, long diskSize) {}

    /** Number of clusters the table occupies (it starts cluster-aligned). */
    long clusters(Qcow2Header header) {
        return (byteLength + header.clusterSize() - 1) >> header.clusterBits();
    }

    static SnapshotTable read(ImageFile file, Qcow2Header header) throws Qcow2FormatException {
        List<Entry> entries = new ArrayList<>(header.snapshotCount());
        long position = header.snapshotsOffset();
        Window window = new Window(file);
        for (int i = 0; i < header.snapshotCount(); i++) {
            String what = "snapshot table entry " + i;
            ByteBuffer fixed = window.at(position, FIXED_ENTRY_BYTES, what);
            long l1Offset = fixed.getLong(0);
            int l1Size = fixed.getInt(8);
            int idLength = Short.toUnsignedInt(fixed.getShort(12));
            int nameLength = Short.toUnsignedInt(fixed.getShort(14));
            long seconds = Integer.toUnsignedLong(fixed.getInt(16));
            long nanos = Integer.toUnsignedLong(fixed.getInt(20));
            long vmState = Integer.toUnsignedLong(fixed.getInt(32));
            int extraLength = fixed.getInt(36);
            if (extraLength < 0 || extraLength > MAX_EXTRA_DATA) {
                throw file.error(what + " has an invalid extra data size " + Integer.toUnsignedString(extraLength));
            }
            int variableLength = extraLength + idLength + nameLength;
            ByteBuffer variable = window.at(position + FIXED_ENTRY_BYTES, variableLength, what);
            long diskSize = header.virtualSize();
            if (extraLength >= 8) {
                vmState = variable.getLong(0);
            }
            if (extraLength >= 16) {
                diskSize = variable.getLong(8);
            }
            String id = string(variable, extraLength, idLength);
            String name = string(variable, extraLength + idLength, nameLength);
            if (vmState < 0 || diskSize < 0) {
                throw file.error(what + " (" + id + ") has a negative vm state or disk size");
            }
            if (l1Size < 0 || l1Size > Qcow2Header.MAX_L1_ENTRIES) {
                throw file.error(what + " (" + id + ") has an invalid L1 size " + Integer.toUnsignedString(l1Size));
            }
            header.requireTable(file, l1Offset, (long) l1Size * Long.BYTES, "L1 table of snapshot " + id);
            Instant created = Instant.ofEpochSecond(seconds, nanos);
            entries.add(new Entry(id, name, l1Offset, l1Size, created, vmState, diskSize));
            long entryLength = FIXED_ENTRY_BYTES + (long) variableLength;
            position += (entryLength + 7) & ~7L;
        }
        return new SnapshotTable(entries, position - header.snapshotsOffset());
    }

    /** Reads the table in chunks rather than with two small reads per entry. */
    private static final class Window {
        private static final int CHUNK_BYTES = 64 * 1024;
        private final ImageFile file;
        private ByteBuffer buffer;
        private long start;

        Window(ImageFile file) {
            this.file = file;
        }

        /** {@code length} bytes at {@code position}, as a big-endian buffer indexed from 0. */
        ByteBuffer at(long position, int length, String what) throws Qcow2FormatException {
            file.requireRange(position, length, what);
            if (buffer == null || position < start || position + length > start + buffer.limit()) {
                int chunk = (int) Math.min(Math.max(length, CHUNK_BYTES), file.size() - position);
                buffer = file.read(position, chunk, what);
                start = position;
            }
            return buffer.slice((int) (position - start), length).order(ByteOrder.BIG_ENDIAN);
        }
    }

    private static String string(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

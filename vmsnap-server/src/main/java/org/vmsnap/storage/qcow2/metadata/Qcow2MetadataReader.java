package org.vmsnap.storage.qcow2.metadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the metadata of a qcow2 image (version 2 or 3) and computes its space usage per internal snapshot, without
 * running qemu and without writing to the file.
 *
 * <p>Only positional reads through a {@link java.nio.channels.FileChannel} are used, each checked against the file
 * size first. Every L1 table is read once and every distinct L2 table once, so an image with a thousand snapshots that
 * share most L2 tables is read in milliseconds. Supported: refcount widths of 1 to 64 bits, extended L2 entries
 * (subclusters), compressed clusters (zlib or zstd; the data is never decompressed), zero clusters. Images with the
 * dirty or corrupt bit are read as they are (refcounts as stored). Refused with {@link Qcow2FormatException}:
 * encryption, external data files, unknown incompatible features, and metadata pointing outside the file.
 *
 * <p>The image must not be written while it is read (qemu-img holds no lock this reader honours); a concurrent
 * writer can make the result inconsistent or the read fail with {@link Qcow2FormatException}.
 */
public final class Qcow2MetadataReader {
    private Qcow2MetadataReader() {}

    /**
     * Reads the usage of {@code image}.
     *
     * @throws Qcow2FormatException if the file is not a supported, consistent qcow2 image, or cannot be read
     */
    public static Qcow2Usage read(Path image) throws Qcow2FormatException {
        Objects.requireNonNull(image, "image");
        try (ImageFile file = ImageFile.open(image)) {
            Qcow2Header header = Qcow2Header.read(file);
            SnapshotTable table = SnapshotTable.read(file, header);
            RefcountScan refcounts = RefcountScan.read(file, header);
            requireDistinctL1Space(file, header, table);
            List<UsageCalculator.Layer> layers = new ArrayList<>(table.entries().size() + 1);
            long[] activeL1 = L1Table.read(file, header, header.l1TableOffset(), header.l1Size(), "active L1 table");
            layers.add(new UsageCalculator.Layer(header.l1TableOffset(), activeL1, header.virtualSize()));
            for (SnapshotTable.Entry entry : table.entries()) {
                String what = "L1 table of snapshot " + entry.id();
                long[] l1 = L1Table.read(file, header, entry.l1TableOffset(), entry.l1Size(), what);
                layers.add(new UsageCalculator.Layer(entry.l1TableOffset(), l1, entry.diskSize()));
            }
            UsageCalculator.Result result = compute(file, header, layers);
            long clusterSize = header.clusterSize();
            List<SnapshotUsage> snapshots = new ArrayList<>(table.entries().size());
            for (int k = 0; k < table.entries().size(); k++) {
                SnapshotTable.Entry entry = table.entries().get(k);
                snapshots.add(new SnapshotUsage(
                        entry.id(),
                        entry.name(),
                        entry.created(),
                        entry.vmStateSize(),
                        result.exclusiveClusters()[k] * clusterSize,
                        result.changedClusters()[k] * clusterSize));
            }
            return new Qcow2Usage(
                    clusterSize,
                    header.virtualSize(),
                    refcounts.usedClusters(),
                    snapshots,
                    result.activeDataClusters() * clusterSize);
        }
    }

    /** The shared metadata clusters of {@code image}; used to check deletions against qemu exactly. */
    static MetadataFootprint footprint(Path image) throws Qcow2FormatException {
        try (ImageFile file = ImageFile.open(image)) {
            Qcow2Header header = Qcow2Header.read(file);
            SnapshotTable table = SnapshotTable.read(file, header);
            RefcountScan refcounts = RefcountScan.read(file, header);
            return new MetadataFootprint(
                    table.clusters(header), header.refcountTableClusters(), refcounts.refcountBlocks());
        }
    }

    /**
     * qemu gives every L1 table clusters of its own, so together they fit in the file; this bounds the memory and
     * work a corrupted snapshot table (many entries naming one huge L1 table) could cause.
     */
    private static void requireDistinctL1Space(ImageFile file, Qcow2Header header, SnapshotTable table)
            throws Qcow2FormatException {
        long total = header.l1Size();
        for (SnapshotTable.Entry entry : table.entries()) {
            total += entry.l1Size();
        }
        if (total * Long.BYTES > file.size()) {
            throw file.error("the L1 tables (" + total + " entries in all) cannot fit in the file: corrupted image");
        }
    }

    private static UsageCalculator.Result compute(
            ImageFile file, Qcow2Header header, List<UsageCalculator.Layer> layers) throws Qcow2FormatException {
        try {
            return new UsageCalculator(file, header, layers).compute();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw file.error("cannot analyse image: " + e.getMessage());
        }
    }
}

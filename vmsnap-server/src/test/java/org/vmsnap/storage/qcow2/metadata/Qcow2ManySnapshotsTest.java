package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Performance smoke test: prints how long {@link Qcow2MetadataReader#read} takes on an image with many snapshots.
 * Timing is printed, not asserted.
 *
 * <p>Building the image is what costs: every {@code qemu-img snapshot -c} re-reads and rewrites the whole snapshot
 * table in small pieces (about 8 syscalls per existing snapshot), so n snapshots take O(n^2); 1,000 take about two
 * minutes. The default is therefore 300 snapshots (about 15 s); {@code -Dqcow2.manySnapshots=1000} builds more.
 */
class Qcow2ManySnapshotsTest extends QemuImageTest {
    private static final int SNAPSHOTS = Integer.getInteger("qcow2.manySnapshots", 300);
    private static final int WRITE_EVERY = 10;

    @Test
    void readsAnImageWithManySnapshots() throws IOException {
        Path image = dir.resolve("many.qcow2");
        QemuTool.create(image, "4G"); // 64 KiB clusters: 8 L2 tables of 512 MiB each
        QemuTool.io(image, "write -P 0x01 0 4M");
        long buildStart = System.nanoTime();
        for (int s = 1; s <= SNAPSHOTS; s++) {
            QemuTool.snapshot(image, "-c", "s" + s);
            if (s % WRITE_EVERY == 0) {
                // a different L2 table each time, so the snapshots do not all share one tree
                long offset = (s * 37L % 4000) << 20;
                QemuTool.io(image, "write -P 0x02 " + offset + " 64K");
            }
        }
        long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;

        long coldStart = System.nanoTime();
        Qcow2Usage usage = Qcow2MetadataReader.read(image);
        long coldMicros = (System.nanoTime() - coldStart) / 1000;
        long bestMicros = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            long start = System.nanoTime();
            Qcow2MetadataReader.read(image);
            bestMicros = Math.min(bestMicros, (System.nanoTime() - start) / 1000);
        }
        System.out.printf(
                "qcow2 metadata read, %d snapshots: first read %.1f ms, best warm read %.1f ms (built in %d ms)%n",
                usage.snapshots().size(), coldMicros / 1000.0, bestMicros / 1000.0, buildMillis);

        assertThat(usage.snapshots()).hasSize(SNAPSHOTS);
        List<String> names = new ArrayList<>();
        for (int s = 1; s <= SNAPSHOTS; s++) {
            names.add("s" + s);
        }
        assertThat(usage.snapshots()).extracting(SnapshotUsage::name).containsExactlyElementsOf(names);
        assertThat(usage.snapshots())
                .allSatisfy(s -> assertThat(s.exclusiveBytes()).isGreaterThanOrEqualTo(65536));
        // the first snapshot predates every later write: one 64 KiB cluster per write
        assertThat(usage.snapshots().get(0).changedSinceBytes()).isEqualTo(SNAPSHOTS / WRITE_EVERY * 65536L);
        assertThat(usage.snapshots().get(SNAPSHOTS - 1).changedSinceBytes())
                .isEqualTo(SNAPSHOTS % WRITE_EVERY == 0 ? 65536L : 0L);

        SnapshotUsage last = usage.snapshots().get(SNAPSHOTS - 1);
        MetadataFootprint metaBefore = Qcow2MetadataReader.footprint(image);
        QemuTool.snapshot(image, "-d", last.name());
        Qcow2Usage after = Qcow2MetadataReader.read(image);
        long freed = usage.usedClusters() - after.usedClusters();
        long sharedMetadata =
                metaBefore.total() - Qcow2MetadataReader.footprint(image).total();
        assertThat((freed - sharedMetadata) * usage.clusterSize()).isEqualTo(last.exclusiveBytes());
    }
}

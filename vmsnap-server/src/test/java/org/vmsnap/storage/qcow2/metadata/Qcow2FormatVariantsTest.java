package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same usage whatever the refcount width or header version. */
class Qcow2FormatVariantsTest extends QemuImageTest {
    private static final long K = 1024;
    private static final long CLUSTER = 64 * K;

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 32, 64})
    void everyRefcountWidthGivesTheSameCounts(int refcountBits) throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M", "refcount_bits=" + refcountBits);
        QemuTool.io(image, "write -P 0xaa 0 1M");
        QemuTool.snapshot(image, "-c", "s");
        QemuTool.io(image, "write -P 0xbb 0 512K");

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        // header, refcount table and block, active L1, snapshot table and L1, two L2 tables, 16 + 8 data
        assertThat(usage.usedClusters()).isEqualTo(32);
        assertThat(usage.snapshots().get(0).exclusiveBytes()).isEqualTo(10 * CLUSTER);
        assertThat(usage.snapshots().get(0).changedSinceBytes()).isEqualTo(8 * CLUSTER);
    }

    @Test
    void oneBitRefcountsCannotHoldSnapshotsButAreCounted() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M", "refcount_bits=1");
        QemuTool.io(image, "write -P 0xaa 64K 1M");

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        assertThat(usage.usedClusters()).isEqualTo(4 + 1 + 16);
        assertThat(usage.snapshots()).isEmpty();
        assertThat(usage.activeDataBytes()).isEqualTo(16 * CLUSTER);
    }

    @Test
    void versionTwoImage() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M", "compat=0.10", "cluster_size=4096");
        QemuTool.io(image, "write -P 0xaa 0 64K");
        QemuTool.snapshot(image, "-c", "old-style");
        QemuTool.io(image, "write -P 0xbb 0 8K");

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        assertThat(usage.clusterSize()).isEqualTo(4096);
        SnapshotUsage s = usage.snapshots().get(0);
        assertThat(s.name()).isEqualTo("old-style");
        assertThat(s.changedSinceBytes()).isEqualTo(8 * K);
        assertThat(s.exclusiveBytes()).isEqualTo(8 * K + 4 * K + 4 * K);
    }

    @Test
    void readIsFastForASmallImage() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "1G");
        Qcow2Usage usage = Qcow2MetadataReader.read(image);
        long startNanos = System.nanoTime();
        Qcow2MetadataReader.read(image);
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertThat(usage.snapshots()).isEmpty();
        assertThat(usage.usedClusters()).isEqualTo(4);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
}

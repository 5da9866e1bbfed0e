package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage of small images built with qemu, checked against values computed by hand. */
class Qcow2MetadataReaderTest extends QemuImageTest {
    private static final long K = 1024;
    private static final long CLUSTER = 64 * K;

    @Test
    void twoSnapshotsWithOverlappingOverwrites() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M");
        Instant start = Instant.now().minusSeconds(2);
        QemuTool.io(image, "write -P 0xaa 0 1M"); // guest clusters 0..15 -> A0..A15
        QemuTool.snapshot(image, "-c", "vs-1");
        QemuTool.io(image, "write -P 0xbb 0 512K"); // clusters 0..7 -> B0..B7, active L2 copied on write
        QemuTool.snapshot(image, "-c", "vs-2");
        QemuTool.io(image, "write -P 0xcc 256K 512K"); // clusters 4..11 -> C4..C11
        Instant end = Instant.now().plusSeconds(2);

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        assertThat(usage.clusterSize()).isEqualTo(CLUSTER);
        assertThat(usage.virtualSize()).isEqualTo(64 * K * K);
        // header, refcount table, refcount block, active L1, snapshot table, 2 snapshot L1s, 3 L2 tables,
        // 16 A + 8 B + 8 C data clusters
        assertThat(usage.usedClusters()).isEqualTo(4 + 1 + 2 + 3 + 32);
        assertThat(usage.activeDataBytes()).isEqualTo(16 * CLUSTER); // B0..B3, C4..C11, A12..A15
        assertThat(usage.snapshots()).extracting(SnapshotUsage::id).containsExactly("1", "2");
        assertThat(usage.snapshots()).extracting(SnapshotUsage::name).containsExactly("vs-1", "vs-2");
        assertThat(usage.snapshots()).allSatisfy(s -> {
            assertThat(s.created()).isBetween(start, end);
            assertThat(s.vmStateSize()).isZero();
        });
        assertThat(usage.snapshots().get(0).created())
                .isBeforeOrEqualTo(usage.snapshots().get(1).created());
        SnapshotUsage vs1 = usage.snapshots().get(0);
        // A0..A7 (512 KiB of data only vs-1 holds) + its own L2 table + its L1 table
        assertThat(vs1.exclusiveBytes()).isEqualTo(512 * K + CLUSTER + CLUSTER);
        // clusters 0..11 differ from A: B0..B3 and C4..C11
        assertThat(vs1.changedSinceBytes()).isEqualTo(12 * CLUSTER);
        SnapshotUsage vs2 = usage.snapshots().get(1);
        // B4..B7 (A8..A11 are shared with vs-1) + its L2 table + its L1 table
        assertThat(vs2.exclusiveBytes()).isEqualTo(4 * CLUSTER + CLUSTER + CLUSTER);
        assertThat(vs2.changedSinceBytes()).isEqualTo(8 * CLUSTER); // clusters 4..11
    }

    @Test
    void snapshotsSharingTheActiveL2TablesOwnOnlyTheirL1Table() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M");
        QemuTool.io(image, "write -P 0x11 0 192K");
        QemuTool.snapshot(image, "-c", "a");
        QemuTool.snapshot(image, "-c", "b");

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        assertThat(usage.snapshots())
                .extracting(SnapshotUsage::exclusiveBytes, SnapshotUsage::changedSinceBytes)
                .containsExactly(tuple(CLUSTER, 0L), tuple(CLUSTER, 0L));
    }

    @Test
    void zeroClustersWithAndWithoutHostOffset() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M");
        QemuTool.io(image, "write -P 0x11 0 256K"); // clusters 0..3
        QemuTool.snapshot(image, "-c", "s");
        QemuTool.io(image, List.of("write -z 0 64K", "write -z -u 64K 64K", "write -z 512K 64K"));

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        SnapshotUsage s = usage.snapshots().get(0);
        // cluster 0: zero flag set, the host cluster shared with the snapshot kept (L2 entry offset|1);
        // cluster 1: zero flag, unmapped (entry 1); cluster 8: zero flag on an unallocated cluster (entry 1)
        assertThat(s.changedSinceBytes()).isEqualTo(3 * CLUSTER);
        // data of cluster 1 is now only in the snapshot, plus its L2 table and L1 table
        assertThat(s.exclusiveBytes()).isEqualTo(3 * CLUSTER);
        // clusters 0 (allocated zero cluster), 2 and 3
        assertThat(usage.activeDataBytes()).isEqualTo(3 * CLUSTER);
    }

    @Test
    void imageGrownAfterTheSnapshot() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M", "cluster_size=4096"); // L1: 32 entries of 2 MiB
        QemuTool.io(image, "write -P 1 0 16K");
        QemuTool.snapshot(image, "-c", "small");
        QemuTool.run(List.of("qemu-img", "resize", "-q", "-f", "qcow2", image.toString(), "128M"));
        QemuTool.io(image, List.of("write -P 2 100M 40K", "write -P 3 4K 4K"));

        Qcow2Usage usage = Qcow2MetadataReader.read(image);

        assertThat(usage.virtualSize()).isEqualTo(128 * K * K);
        SnapshotUsage small = usage.snapshots().get(0);
        // 10 clusters beyond the snapshot's 64 MiB disk (and beyond its L1 table), plus cluster 1 rewritten
        assertThat(small.changedSinceBytes()).isEqualTo(11 * 4 * K);
        // old cluster 1, the L2 table copied on write, its L1 table
        assertThat(small.exclusiveBytes()).isEqualTo(3 * 4 * K);
        assertThat(usage.activeDataBytes()).isEqualTo(14 * 4 * K);
    }

    @Test
    void snapshotEntryFields() throws IOException {
        Path image = dir.resolve("disk.qcow2");
        QemuTool.create(image, "64M");
        QemuTool.io(image, "write -P 0xaa 0 64K");
        QemuTool.snapshot(image, "-c", "tag");
        byte[] original = Files.readAllBytes(image);
        ByteBuffer bytes = ByteBuffer.wrap(original.clone());
        int entry = (int) bytes.getLong(64);
        assertThat(bytes.getInt(entry + 36)).as("qemu writes extra data").isGreaterThanOrEqualTo(16);

        // the 64-bit vm state size in the extra data wins over the 32-bit field
        bytes.putInt(entry + 32, 1234).putLong(entry + 40, 5L << 30);
        assertThat(Qcow2MetadataReader.read(Files.write(image, bytes.array()))
                        .snapshots()
                        .get(0)
                        .vmStateSize())
                .isEqualTo(5L << 30);

        // an entry without extra data: 32-bit vm state size, disk size from the header, padded to 8 bytes
        bytes = ByteBuffer.wrap(original.clone());
        bytes.position(entry + 12);
        bytes.putShort((short) 2)
                .putShort((short) 5)
                .putInt(1_000_000_000)
                .putInt(5)
                .putLong(0);
        bytes.putInt(777).putInt(0).put("42plain".getBytes(StandardCharsets.US_ASCII));
        Files.write(image, bytes.array());

        SnapshotUsage parsed = Qcow2MetadataReader.read(image).snapshots().get(0);
        assertThat(parsed.id()).isEqualTo("42");
        assertThat(parsed.name()).isEqualTo("plain");
        assertThat(parsed.created()).isEqualTo(Instant.ofEpochSecond(1_000_000_000, 5));
        assertThat(parsed.vmStateSize()).isEqualTo(777);
        assertThat(parsed.exclusiveBytes()).isEqualTo(CLUSTER);
        assertThat(Qcow2MetadataReader.footprint(image).snapshotTableClusters()).isEqualTo(1);
    }
}

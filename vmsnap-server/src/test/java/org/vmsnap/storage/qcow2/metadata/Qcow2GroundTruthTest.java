package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the reader against qemu itself on random-ish images: deleting a snapshot with {@code qemu-img snapshot -d}
 * must lower the refcounted cluster count by exactly its {@code exclusiveBytes} (corrected for the shared metadata
 * qemu rewrites on delete, see {@link MetadataFootprint}), and {@code changedSinceBytes} must match the guest
 * clusters whose {@code qemu-img map} output differs between the active image and the applied snapshot.
 */
class Qcow2GroundTruthTest extends QemuImageTest {

    /**
     * One generated image.
     *
     * @param compressedWrites whether {@code write -c} is used, which qemu-img map cannot tell apart
     * @param convertCompressed whether the image starts as the output of {@code qemu-img convert -c}
     */
    record Scenario(
            String name,
            String size,
            List<String> options,
            long seed,
            int snapshots,
            boolean compressedWrites,
            boolean convertCompressed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario(
                        "4k-refcount4", "16M", List.of("cluster_size=4096", "refcount_bits=4"), 1, 5, false, false),
                new Scenario("64k-clusters", "64M", List.of("cluster_size=65536"), 2, 6, false, false),
                new Scenario("64k-v2", "64M", List.of("compat=0.10"), 3, 4, false, false),
                new Scenario(
                        "extended-l2-128k",
                        "64M",
                        List.of("cluster_size=131072", "extended_l2=on"),
                        4,
                        5,
                        false,
                        false),
                new Scenario(
                        "extended-l2-32k-compressed",
                        "16M",
                        List.of("cluster_size=32768", "extended_l2=on"),
                        5,
                        4,
                        true,
                        false),
                new Scenario("convert-compressed", "32M", List.of("cluster_size=65536"), 6, 4, false, true),
                new Scenario(
                        "512b-refcount64-compressed",
                        "4M",
                        List.of("cluster_size=512", "refcount_bits=64"),
                        7,
                        4,
                        true,
                        false),
                new Scenario("2m-compressed", "64M", List.of("cluster_size=2M"), 8, 3, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void deletingASnapshotFreesExactlyItsExclusiveClusters(Scenario scenario, @TempDir Path dir) throws IOException {
        Path image = build(scenario, dir);
        QemuTool.check(image);
        Qcow2Usage usage = Qcow2MetadataReader.read(image);
        assertThat(usage.snapshots()).hasSize(scenario.snapshots());
        assertChangedSinceMatchesQemuMap(scenario, image, usage, dir);

        List<String> order = new ArrayList<>(
                usage.snapshots().stream().map(SnapshotUsage::name).toList());
        Collections.shuffle(order, new Random(scenario.seed()));
        for (String name : order) {
            Qcow2Usage before = Qcow2MetadataReader.read(image);
            MetadataFootprint metaBefore = Qcow2MetadataReader.footprint(image);
            SnapshotUsage deleted = before.snapshots().stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow();

            QemuTool.snapshot(image, "-d", name);

            Qcow2Usage after = Qcow2MetadataReader.read(image);
            MetadataFootprint metaAfter = Qcow2MetadataReader.footprint(image);
            long freed = before.usedClusters() - after.usedClusters();
            long sharedMetadataFreed = metaBefore.total() - metaAfter.total();
            assertThat((freed - sharedMetadataFreed) * before.clusterSize())
                    .as(
                            "%s: bytes freed by deleting %s (shared metadata %s -> %s)",
                            scenario, name, metaBefore, metaAfter)
                    .isEqualTo(deleted.exclusiveBytes());
            assertThat(after.snapshots()).extracting(SnapshotUsage::name).doesNotContain(name);
            assertThat(after.activeDataBytes()).isEqualTo(before.activeDataBytes());
        }
        QemuTool.check(image);
    }

    private static void assertChangedSinceMatchesQemuMap(Scenario scenario, Path image, Qcow2Usage usage, Path dir)
            throws IOException {
        GuestMapping active = GuestMapping.active(image, usage.clusterSize(), dir);
        for (SnapshotUsage snapshot : usage.snapshots()) {
            GuestMapping then = GuestMapping.ofSnapshot(image, snapshot.name(), usage.clusterSize(), dir);
            long mapDiff = active.differingClusters(then) * usage.clusterSize();
            if (scenario.compressedWrites()) {
                // qemu-img map shows no host offset for compressed clusters, so it can only see fewer changes
                assertThat(snapshot.changedSinceBytes())
                        .as("%s %s", scenario, snapshot.name())
                        .isGreaterThanOrEqualTo(mapDiff);
            } else {
                assertThat(snapshot.changedSinceBytes())
                        .as("%s %s", scenario, snapshot.name())
                        .isEqualTo(mapDiff);
            }
        }
    }

    /** Random writes, zero writes, discards (and compressed writes) interleaved with snapshots. */
    private static Path build(Scenario scenario, Path dir) throws IOException {
        Random random = new Random(scenario.seed());
        Path image = dir.resolve(scenario.name() + ".qcow2");
        String[] options = scenario.options().toArray(String[]::new);
        if (scenario.convertCompressed()) {
            Path source = dir.resolve("source.qcow2");
            QemuTool.create(source, scenario.size(), options);
            QemuTool.io(source, randomWrites(random, source, 6, false));
            List<String> argv = new ArrayList<>(List.of("qemu-img", "convert", "-c", "-f", "qcow2", "-O", "qcow2"));
            argv.add("-o");
            argv.add(String.join(",", scenario.options()));
            argv.add(source.toString());
            argv.add(image.toString());
            QemuTool.run(argv);
        } else {
            QemuTool.create(image, scenario.size(), options);
            QemuTool.io(image, randomWrites(random, image, 4, false));
        }
        for (int s = 1; s <= scenario.snapshots(); s++) {
            QemuTool.snapshot(image, "-c", "snap-" + s);
            QemuTool.io(image, randomWrites(random, image, 3 + random.nextInt(3), scenario.compressedWrites()));
        }
        return image;
    }

    private static List<String> randomWrites(Random random, Path image, int count, boolean compressed)
            throws IOException {
        Qcow2Usage layout = Qcow2MetadataReader.read(image);
        long cluster = layout.clusterSize();
        long disk = layout.virtualSize();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // most writes hit a hot zone so that snapshots end up holding overwritten data of their own
            long size = random.nextInt(5) == 0 ? disk : Math.min(disk, 48 * cluster);
            int kind = random.nextInt(compressed ? 10 : 8);
            if (kind >= 8) {
                long offset = random.nextLong(size / cluster) * cluster;
                // qemu cannot write a compressed cluster over an allocated one (EIO): unmap it first
                commands.add("discard " + offset + " " + cluster);
                commands.add("write -c -P 0x" + Integer.toHexString(16 + random.nextInt(200)) + " " + offset + " "
                        + cluster);
                continue;
            }
            long length = Math.min(size / 4, 512 * (1 + random.nextLong(6 * cluster / 512 + 8)));
            long offset = random.nextLong((size - length) / 512 + 1) * 512;
            String range = offset + " " + length;
            commands.add(
                    switch (kind) {
                        case 0 -> "write -z " + range;
                        case 1 -> "write -z -u " + range;
                        case 2 -> "discard " + range;
                        default -> "write -P 0x" + Integer.toHexString(16 + random.nextInt(200)) + " " + range;
                    });
        }
        return commands;
    }
}

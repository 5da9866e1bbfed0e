package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Corrupted images never escape as anything but {@link Qcow2FormatException}. */
class Qcow2MutationTest extends QemuImageTest {

    /** Random byte mutations of a valid image: the reader either succeeds or throws Qcow2FormatException. */
    @Test
    void mutatedImagesNeverFailWithAnythingElse() throws IOException {
        Path image = dir.resolve("fuzz.qcow2");
        QemuTool.create(image, "8M", "cluster_size=4096");
        QemuTool.io(image, List.of("write -P 0x11 0 64K", "write -c 1M 4K", "write -c 1028K 4K"));
        QemuTool.snapshot(image, "-c", "one");
        QemuTool.io(image, List.of("write -P 0x22 16K 16K", "write -z 2M 8K"));
        QemuTool.snapshot(image, "-c", "two");
        byte[] original = Files.readAllBytes(image);
        List<Long> metadata = metadataClusters(image);
        Random random = new Random(7);
        Path mutant = dir.resolve("mutant.qcow2");
        int rejected = 0;
        for (int round = 0; round < 400; round++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                int position = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(112);
                    case 1 -> random.nextInt(bytes.length);
                    default ->
                        (int) Math.min(
                                bytes.length - 1, metadata.get(random.nextInt(metadata.size())) + random.nextInt(512));
                };
                bytes[position] = (byte) (random.nextBoolean() ? random.nextInt(256) : bytes[position] ^ 0x80);
            }
            if (random.nextInt(10) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            Files.write(mutant, bytes);
            try {
                Qcow2MetadataReader.read(mutant);
            } catch (Qcow2FormatException e) {
                assertThat(e.getMessage()).startsWith(mutant.toString());
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
    }

    /** Offsets of the L1, L2, refcount and snapshot table clusters of a valid image. */
    private static List<Long> metadataClusters(Path image) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (ImageFile file = ImageFile.open(image)) {
            Qcow2Header header = Qcow2Header.read(file);
            offsets.add(header.refcountTableOffset());
            offsets.add(file.readLongs(header.refcountTableOffset(), 1, "refcount table")[0]);
            offsets.add(header.snapshotsOffset());
            List<Long> l1Tables = new ArrayList<>(List.of(header.l1TableOffset()));
            SnapshotTable.read(file, header).entries().forEach(e -> l1Tables.add(e.l1TableOffset()));
            for (long l1 : l1Tables) {
                offsets.add(l1);
                for (long l2 : L1Table.read(file, header, l1, header.l1Size(), "L1")) {
                    if (l2 != 0) {
                        offsets.add(l2);
                    }
                }
            }
        }
        return offsets;
    }
}

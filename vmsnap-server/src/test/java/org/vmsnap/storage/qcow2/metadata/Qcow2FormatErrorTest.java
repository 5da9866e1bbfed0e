package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Files that are not (supported, consistent) qcow2 images fail with a clear {@link Qcow2FormatException}. */
class Qcow2FormatErrorTest extends QemuImageTest {

    @Test
    void rawImage() throws IOException {
        Path raw = dir.resolve("disk.raw");
        QemuTool.run(List.of("qemu-img", "create", "-q", "-f", "raw", raw.toString(), "1M"));
        assertRejected(raw, "not a qcow2 image (missing QFI\\xfb magic)");
    }

    @Test
    void randomBytes() throws IOException {
        byte[] bytes = new byte[65536];
        new Random(42).nextBytes(bytes);
        assertRejected(Files.write(dir.resolve("noise.bin"), bytes), "not a qcow2 image");
    }

    @Test
    void zeroLengthFile() throws IOException {
        assertRejected(Files.createFile(dir.resolve("empty.qcow2")), "empty file (0 bytes), not a qcow2 image");
    }

    @Test
    void truncatedHeaders() throws IOException {
        byte[] image = Files.readAllBytes(image("disk.qcow2"));
        assertRejected(Files.write(dir.resolve("t3.qcow2"), Arrays.copyOf(image, 3)), "not a qcow2 image");
        assertRejected(Files.write(dir.resolve("t50.qcow2"), Arrays.copyOf(image, 50)), "truncated qcow2 header");
        assertRejected(Files.write(dir.resolve("t80.qcow2"), Arrays.copyOf(image, 80)), "truncated qcow2 v3 header");
        assertRejected(Files.write(dir.resolve("t4k.qcow2"), Arrays.copyOf(image, 4096)), "lies outside the file");
    }

    @Test
    void missingFileAndDirectory() throws IOException {
        Path missing = dir.resolve("missing.qcow2");
        assertThatThrownBy(() -> Qcow2MetadataReader.read(missing))
                .isInstanceOf(Qcow2FormatException.class)
                .hasMessageContaining("cannot open image")
                .hasCauseInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Qcow2MetadataReader.read(dir))
                .isInstanceOf(Qcow2FormatException.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void encryptedImage() throws IOException {
        // A LUKS image marks itself with crypt_method = 2 at header offset 32. The header is written directly:
        // qemu-img's LUKS key-derivation benchmark fails now and then on a loaded machine.
        Path image = dir.resolve("luks.qcow2");
        QemuTool.create(image, "1M");
        try (java.nio.channels.FileChannel ch =
                java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(4).putInt(0, 2), 32);
        }
        assertRejected(image, "encrypted qcow2 images are not supported (crypt_method 2)");
    }

    @Test
    void externalDataFile() throws IOException {
        Path image = dir.resolve("meta.qcow2");
        QemuTool.create(image, "1M", "data_file=" + dir.resolve("data.raw"));
        assertRejected(image, "external data file");
    }

    @Test
    void unsupportedVersionFeaturesAndClusterSize() throws IOException {
        assertRejected(patched(b -> b.putInt(4, 4)), "unsupported qcow2 version 4");
        assertRejected(patched(b -> b.putLong(72, 1L << 5)), "unsupported incompatible features 0x20");
        assertRejected(patched(b -> b.putInt(20, 30)), "unsupported cluster_bits 30");
        assertRejected(patched(b -> b.putInt(96, 7)), "invalid refcount_order 7");
        assertRejected(patched(b -> b.putInt(100, 20)), "invalid header_length 20");
    }

    @Test
    void corruptedOffsets() throws IOException {
        assertRejected(patched(b -> b.putLong(40, 1L << 40)), "active L1 table at offset 1099511627776");
        assertRejected(patched(b -> b.putLong(40, 4096)), "active L1 table offset 4096 is not cluster-aligned");
        assertRejected(patched(b -> b.putLong(48, 1L << 50)), "refcount table");
        assertRejected(patched(b -> b.putInt(36, Integer.MAX_VALUE)), "invalid L1 table size");
        assertRejected(patched(b -> b.putLong(24, Long.MIN_VALUE)), "invalid virtual size");
        assertRejected(patched(b -> b.putInt(60, 3)), "snapshot table entry 1");
        assertRejected(patched(b -> b.putLong(64, 1L << 45)), "snapshot table");
    }

    @Test
    void corruptedL2EntryAndSnapshotL1() throws IOException {
        Path image = image("disk.qcow2");
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(image));
        long activeL1 = file.getLong(40);
        long l2 = file.getLong((int) activeL1) & Qcow2Header.OFFSET_MASK;
        long snapshots = file.getLong(64);

        ByteBuffer badL2 = ByteBuffer.wrap(file.array().clone());
        badL2.putLong((int) l2, (1L << 40) | (1L << 63));
        assertRejected(Files.write(dir.resolve("bad-l2.qcow2"), badL2.array()), "lies beyond the end of the file");

        ByteBuffer misaligned = ByteBuffer.wrap(file.array().clone());
        misaligned.putLong((int) l2, misaligned.getLong((int) l2) + 512);
        assertRejected(Files.write(dir.resolve("odd-l2.qcow2"), misaligned.array()), "is not cluster-aligned");

        ByteBuffer badSnapshot = ByteBuffer.wrap(file.array().clone());
        badSnapshot.putLong((int) snapshots, 1L << 41);
        assertRejected(Files.write(dir.resolve("bad-snap.qcow2"), badSnapshot.array()), "L1 table of snapshot 1");
    }

    /** A 64 KiB-cluster image with data and one snapshot, patched through {@code patch} on its first 104 bytes. */
    private Path patched(Consumer<ByteBuffer> patch) throws IOException {
        Path image = image("patched-" + System.nanoTime() + ".qcow2");
        byte[] bytes = Files.readAllBytes(image);
        patch.accept(ByteBuffer.wrap(bytes));
        return Files.write(image, bytes);
    }

    private Path image(String name) throws IOException {
        Path image = dir.resolve(name);
        QemuTool.create(image, "64M");
        QemuTool.io(image, "write -P 0xaa 0 128K");
        QemuTool.snapshot(image, "-c", "snap");
        return image;
    }

    private static void assertRejected(Path file, String message) {
        assertThatThrownBy(() -> Qcow2MetadataReader.read(file))
                .isInstanceOf(Qcow2FormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(message);
    }
}

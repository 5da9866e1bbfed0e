package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real qemu-io / qemu-img on test images: write and verify byte patterns, list snapshot tags. */
public final class Qemu {
    private Qemu() {}

    public record Run(int exit, String output) {}

    public static Run run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Writes {@code pattern} over [offset, offset+length) of the guest disk. */
    public static void write(Path image, int pattern, String offset, String length) {
        Run r = run(
                "qemu-io", "-f", "qcow2", "-c", "write -P " + pattern + " " + offset + " " + length, image.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("failed");
    }

    /** Whether [offset, offset+length) of the guest disk reads as {@code pattern}. */
    public static boolean reads(Path image, int pattern, String offset, String length) {
        Run r = run(
                "qemu-io", "-f", "qcow2", "-c", "read -P " + pattern + " " + offset + " " + length, image.toString());
        return r.exit() == 0
                && !r.output().contains("Pattern verification failed")
                && !r.output().contains("failed");
    }

    /** Tags in the image's snapshot table. */
    public static List<String> tags(Path image) {
        Run r = run("qemu-img", "snapshot", "-l", image.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        List<String> tags = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 2 && cols[0].matches("\\d+")) {
                tags.add(cols[1]);
            }
        }
        return tags;
    }

    /**
     * Leaves one leaked cluster in the image, as a process killed inside a snapshot create or delete does: the file
     * grows by a cluster whose reference count says it is used, while nothing uses it.
     */
    public static void leakCluster(Path image) throws java.io.IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.seek(20);
            int clusterBits = f.readInt();
            f.seek(48);
            long refcountTable = f.readLong();
            f.seek(96);
            assertThat(f.readInt()).as("16-bit reference counts").isEqualTo(4);
            f.seek(refcountTable);
            long block = f.readLong();
            long cluster = (f.length() + (1L << clusterBits) - 1) >> clusterBits; // past the last cluster in use
            assertThat(cluster).as("covered by the first refcount block").isLessThan(1L << (clusterBits - 1));
            f.setLength((cluster + 1) << clusterBits);
            f.seek(block + 2 * cluster);
            f.writeShort(1);
        }
        assertThat(run("qemu-img", "check", image.toString()).exit())
                .as("one leak")
                .isEqualTo(3);
    }

    public static void check(Path image) {
        Run r = run("qemu-img", "check", image.toString());
        assertThat(r.exit()).as("qemu-img check: " + r.output()).isZero();
    }
}

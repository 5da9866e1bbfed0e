package org.vmsnap.it.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks inside a guest's ext4 data disk from the host: {@code e2fsck -fn} and {@code debugfs} on a
 * raw copy that {@code qemu-img convert} makes of the image's current state or of one internal
 * snapshot. The copy is made with {@code -U}, so this also works while QEMU holds the image (then
 * only a snapshot is a consistent view).
 */
public final class DataDisk {
    /** What {@code e2fsck -fn} said; exit 0 means the filesystem is clean. */
    public record Fsck(int exit, String output) {
        public boolean clean() {
            return exit == 0;
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private DataDisk() {}

    /** Checks the filesystem of the image's current state. */
    public static Fsck check(Path image) {
        return check(image, null);
    }

    /** Checks the filesystem as the internal snapshot {@code tag} holds it ({@code null}: current state). */
    public static Fsck check(Path image, String tag) {
        return withRawCopy(image, tag, raw -> {
            Cmd.Result r = Cmd.run(TIMEOUT, "e2fsck", "-fn", raw.toString());
            return new Fsck(r.exit(), r.stdout() + r.stderr());
        });
    }

    /** The contents of {@code file} (an absolute path inside the filesystem) in the image's current state. */
    public static String read(Path image, String file) {
        return read(image, null, file);
    }

    /** The contents of {@code file} as snapshot {@code tag} holds it ({@code null}: current state). */
    public static String read(Path image, String tag, String file) {
        if (!file.startsWith("/") || file.contains("\"") || file.contains("\n")) {
            throw new IllegalArgumentException("not a plain absolute path: " + file);
        }
        return withRawCopy(image, tag, raw -> {
            Cmd.Result r = Cmd.run(TIMEOUT, "debugfs", "-R", "cat \"" + file + "\"", raw.toString())
                    .orThrow();
            if (r.stderr().contains("not found") || r.stderr().contains("File not found")) {
                throw new AssertionError(
                        file + " not in " + image + (tag == null ? "" : "@" + tag) + ": " + r.stderr());
            }
            return r.stdout();
        });
    }

    private interface OnRaw<T> {
        T apply(Path raw);
    }

    private static <T> T withRawCopy(Path image, String tag, OnRaw<T> action) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(image.toAbsolutePath().getParent(), "raw-");
            Path raw = dir.resolve("disk.raw");
            List<String> argv = new ArrayList<>(List.of("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw"));
            if (tag != null) {
                argv.addAll(List.of("-l", "snapshot.name=" + tag));
            }
            argv.addAll(List.of(image.toString(), raw.toString()));
            Cmd.run(TIMEOUT, argv).orThrow();
            return action.apply(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("disk.raw"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp copy left behind is harmless
                }
            }
        }
    }
}

package org.vmsnap.it.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cached test guest that {@code guest/build} makes: kernel, initramfs, kernel command line and
 * an empty ext4 data disk template. Found through the {@code VMSNAP_GUEST_DIR} environment variable
 * or the {@code vmsnap.guest.dir} system property (the launcher sets the variable); without either,
 * the build script is run here (it only builds when its cache is stale).
 */
public record GuestImage(Path dir, Path kernel, Path initrd, Path dataDiskTemplate, String cmdline) {
    private static GuestImage cached;

    public GuestImage {
        for (Path file : new Path[] {kernel, initrd, dataDiskTemplate}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("test guest incomplete, missing " + file);
            }
        }
        if (cmdline.isBlank()) {
            throw new IllegalArgumentException("empty kernel command line in " + dir);
        }
    }

    /** The guest in {@code dir} (a directory {@code guest/build} printed). */
    public static GuestImage in(Path dir) {
        try {
            return new GuestImage(
                    dir,
                    dir.resolve("vmlinuz"),
                    dir.resolve("initrd.cpio"),
                    dir.resolve("data.qcow2"),
                    Files.readString(dir.resolve("cmdline")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("test guest incomplete in " + dir, e);
        }
    }

    /** The guest the launcher built, or the one {@code guest/build} builds or finds in its cache now. */
    public static synchronized GuestImage locate() {
        if (cached == null) {
            String given = System.getenv("VMSNAP_GUEST_DIR");
            if (given == null || given.isBlank()) {
                given = System.getProperty("vmsnap.guest.dir");
            }
            cached = given == null || given.isBlank() ? build() : in(Path.of(given));
        }
        return cached;
    }

    private static GuestImage build() {
        Path script = buildScript();
        Cmd.Result r =
                Cmd.run(Duration.ofMinutes(15), "bash", script.toString()).orThrow();
        String[] lines = r.stdout().strip().split("\n");
        return in(Path.of(lines[lines.length - 1].strip()));
    }

    private static Path buildScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path script = d.resolve("guest").resolve("build");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException(
                "guest/build not found above " + Path.of("").toAbsolutePath() + "; set VMSNAP_GUEST_DIR");
    }

    /** A fresh copy of the empty data disk (64 MiB qcow2, ext4 labelled "data") at {@code target}. */
    public Path newDataDisk(Path target) {
        try {
            return Files.copy(dataDiskTemplate, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

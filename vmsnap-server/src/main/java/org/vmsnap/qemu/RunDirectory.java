package org.vmsnap.qemu;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where vmsnap keeps sockets and pid files of the QEMU processes it starts: {@code <data-dir>/run}, or, when that
 * path is too long for a Unix socket address (108 bytes), a directory in the system's temporary directory named
 * after the data directory, so the same data directory always gets the same run directory.
 */
public final class RunDirectory {
    private static final int MAX_DIR_LENGTH = 80;

    private RunDirectory() {}

    public static Path of(Path dataDir) {
        Path run = dataDir.toAbsolutePath().normalize().resolve("run");
        if (run.toString().length() <= MAX_DIR_LENGTH) {
            return run;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "vmsnap-run-" + digest(run.toString()));
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.vmsnap.qemu;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a program on the PATH once, so each start execs it directly instead of trying every PATH entry. */
public final class Executables {
    private Executables() {}

    /** The absolute path of {@code program} if it is found on the PATH; otherwise {@code program} unchanged. */
    public static String resolve(String program) {
        if (program.contains("/")) {
            return program;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return program;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        return program;
    }
}

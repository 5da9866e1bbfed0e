package org.vmsnap.it.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host program as an argv list with a timeout; output goes through files (no pipe stalls). */
final class Cmd {
    record Result(List<String> argv, int exit, String stdout, String stderr) {
        Result orThrow() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", argv) + " exited " + exit + ": " + stderr + stdout);
            }
            return this;
        }
    }

    private Cmd() {}

    static Result run(Duration timeout, String... argv) {
        return run(timeout, List.of(argv));
    }

    static Result run(Duration timeout, List<String> argv) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("vmsnap-cmd-", ".out");
            err = Files.createTempFile("vmsnap-cmd-", ".err");
            Process p = new ProcessBuilder(argv)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", argv));
            }
            return new Result(
                    argv,
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}

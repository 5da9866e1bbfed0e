package org.vmsnap.storage.qcow2.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img and qemu-io as argv lists (never through a shell) with a timeout, for tests. */
final class QemuTool {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private QemuTool() {}

    /** Whether qemu-img and qemu-io can be started. */
    static boolean available() {
        try {
            run(List.of("qemu-img", "--version"));
            run(List.of("qemu-io", "--version"));
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    /** Runs {@code argv}; fails unless it exits 0 within the timeout. Returns stdout and stderr combined. */
    static String run(List<String> argv) throws IOException {
        Path output = Files.createTempFile("qemu-tool", ".out");
        try {
            Process process = new ProcessBuilder(argv)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv, e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new AssertionError(argv + " timed out after " + TIMEOUT.toSeconds() + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(argv + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** {@code qemu-img create -f qcow2 [-o options] image size}. */
    static void create(Path image, String size, String... options) throws IOException {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        if (options.length > 0) {
            argv.add("-o");
            argv.add(String.join(",", options));
        }
        argv.add(image.toString());
        argv.add(size);
        run(argv);
    }

    /** {@code qemu-io -f qcow2 -c cmd1 -c cmd2 ... image}; fails if qemu-io reports a failed command. */
    static void io(Path image, List<String> commands) throws IOException {
        List<String> argv = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        for (String command : commands) {
            argv.add("-c");
            argv.add(command);
        }
        argv.add(image.toString());
        String out = run(argv);
        if (out.contains("failed") || out.contains("error")) {
            throw new AssertionError("qemu-io " + commands + ": " + out);
        }
    }

    static void io(Path image, String command) throws IOException {
        io(image, List.of(command));
    }

    /** {@code qemu-img snapshot -c|-d|-a name image}. */
    static void snapshot(Path image, String operation, String name) throws IOException {
        run(List.of("qemu-img", "snapshot", operation, name, image.toString()));
    }

    /** {@code qemu-img map --output=json image}. */
    static String map(Path image) throws IOException {
        return run(List.of("qemu-img", "map", "--output=json", "-f", "qcow2", image.toString()));
    }

    /** {@code qemu-img check image}: fails unless the image is consistent. */
    static void check(Path image) throws IOException {
        run(List.of("qemu-img", "check", "-q", "-f", "qcow2", image.toString()));
    }
}

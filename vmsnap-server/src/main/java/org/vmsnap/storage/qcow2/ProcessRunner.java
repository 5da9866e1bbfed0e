package org.vmsnap.storage.qcow2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.vmsnap.shared.StorageException;

/** Runs an external program as an argv list (never through a shell) with a timeout. */
public class ProcessRunner {

    /** What a finished program left behind. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code argv} and waits at most {@code timeout}; a program still running then is killed. */
    public Result run(List<String> argv, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new StorageException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new StorageException(argv.get(0) + " timed out after " + timeout.toSeconds() + " s", 124);
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StorageException(argv.get(0) + " interrupted", e);
        } catch (ExecutionException e) {
            throw new StorageException("cannot read output of " + argv.get(0), e.getCause());
        }
    }

    /** Not the common pool: on two cores it has one thread, and blocking reads would queue behind each other. */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vmsnap-process-output");
        t.setDaemon(true);
        return t;
    });

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                DRAINS);
    }
}

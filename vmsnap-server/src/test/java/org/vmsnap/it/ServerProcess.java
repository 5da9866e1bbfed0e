package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server as a separate operating-system process, started the way {@code ./vmsnap server} starts it. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server on a free port over {@code data}; waits until it accepts connections. */
    static ServerProcess start(Path data, Map<String, String> env) throws Exception {
        return start(data, env, List.of());
    }

    /** Like {@link #start(Path, Map)}, with more command-line options (e.g. {@code --db-url}). */
    static ServerProcess start(Path data, Map<String, String> env, List<String> options) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile(data.getParent(), "server-", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv(data, port, options))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("VMSNAP_ADMIN_PASSWORD");
        pb.environment().putAll(env);
        Process p = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            assertThat(p.isAlive()).as("server exited; see " + log).isTrue();
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new ServerProcess(p, log, port);
            } catch (IOException notYet) {
                p.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError("server did not start; see " + log);
    }

    /** {@code java -cp <test class path> org.vmsnap.VmsnapApplication server --port P --data-dir D options...}. */
    private static List<String> argv(Path data, int port, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.vmsnap.VmsnapApplication",
                "server",
                "--port",
                String.valueOf(port),
                "--data-dir",
                data.toString()));
        argv.addAll(options);
        return argv;
    }

    /** A server started the same way that is expected to stop by itself: its exit code and output. */
    record Ended(int exitCode, String output) {}

    static Ended runToEnd(Path data, Map<String, String> env, List<String> options) throws Exception {
        Files.createDirectories(data);
        Path log = Files.createTempFile(data.getParent(), "server-", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv(data, 0, options))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("server did not stop by itself; see " + log);
        }
        return new Ended(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    DanubeClient client() {
        return new DanubeClient("http://127.0.0.1:" + port + "/api");
    }

    /** {@code GET path} (no token), as a load balancer's probe asks: the status code. */
    int probe(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    PyVss vss() {
        return new PyVss("http://127.0.0.1:" + port);
    }

    HostkeyClient hostkey() {
        return new HostkeyClient("http://127.0.0.1:" + port);
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGKILL of the server and of every process it started: what a crash of the host process looks like. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the process to end by itself; its exit status. */
    int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server still running after " + max + "; see " + log);
        }
        return process.exitValue();
    }

    /** A normal stop (SIGTERM), waiting for the process to end. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

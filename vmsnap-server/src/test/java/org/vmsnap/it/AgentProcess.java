package org.vmsnap.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code vmsnap agent} as a separate operating-system process, started the way {@code ./vmsnap agent} starts it. */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final Path dataDir;

    private AgentProcess(Process process, Path log, Path dataDir) {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
    }

    static AgentProcess start(String node, String brokerUrl, Path dataDir, String... more) throws IOException {
        Files.createDirectories(dataDir);
        Path log = Files.createTempFile(dataDir.getParent(), "agent-" + node + "-", ".log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new java.util.ArrayList<>(List.of(
                javaBin,
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.vmsnap.VmsnapApplication",
                "agent",
                "--node",
                node,
                "--broker",
                brokerUrl,
                "--data-dir",
                dataDir.toString()));
        argv.addAll(List.of(more));
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new AgentProcess(p, log, dataDir);
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("agent did not exit");
        }
        return process.exitValue();
    }

    /** Resident memory of the agent's JVM in KiB, from {@code /proc}. */
    long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip());
            }
        }
        throw new AssertionError("no VmRSS for " + process.pid());
    }

    /** Stops it as systemd does (SIGTERM) and waits for its exit; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        return waitForExit();
    }

    /** The programs it runs now (storage daemons, QEMUs). */
    java.util.List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

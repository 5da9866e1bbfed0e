package org.vmsnap.it.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The test guest running in {@code qemu-system-x86_64}: q35, TCG unless {@code vmsnap.guest.accel=kvm}
 * (system property or {@code VMSNAP_GUEST_ACCEL}), data disks as virtio-blk with node names
 * {@value #DATA_NODE}, data1, ..., qboot as firmware, a QMP socket and the guest agent's virtio-serial channel as unix sockets in
 * the work directory, the serial console in {@code console.log} there. Closing kills QEMU if it
 * still runs; a JVM shutdown hook does the same should a test never close it.
 */
public final class TestGuest implements AutoCloseable {
    /** The QMP node name of the first data disk's qcow2 layer (its file layer is {@code data0-file}). */
    public static final String DATA_NODE = "data0";
    /** The QOM id of the first data disk's virtio-blk device (further disks: vdb, vdc, ...). */
    public static final String DATA_DEVICE = "vda";

    /**
     * qboot instead of SeaBIOS: it starts the kernel at once, which saves about a second of CPU
     * per boot under TCG. Shipped with QEMU (qemu-system-data).
     */
    static final Path QBOOT = Path.of("/usr/share/qemu/qboot.rom");

    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Path workDir;
    private final long startedNanos;
    private final Thread reaper;
    private Qmp qmp;
    private GuestAgent agent;
    private Duration bootToAgent;

    private TestGuest(Process process, Path workDir, long startedNanos) {
        this.process = process;
        this.workDir = workDir;
        this.startedNanos = startedNanos;
        this.reaper = new Thread(process::destroyForcibly, "test-guest-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts the guest on {@code disks} (qcow2; the first is /dev/vda, mounted at /data, further ext4
     * disks at /mnt/vdb, ...); sockets and logs go to {@code workDir}. Does not wait for the boot.
     */
    public static TestGuest start(GuestImage image, List<Path> disks, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        List<String> argv = argv(image, disks, workDir, accel());
        long started = System.nanoTime();
        Process p = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("qemu.log").toFile())
                .start();
        return new TestGuest(p, workDir, started);
    }

    /** {@code kvm} only when asked for: on nested hosts /dev/kvm may open yet boot nothing. */
    static String accel() {
        String accel = System.getProperty("vmsnap.guest.accel", System.getenv("VMSNAP_GUEST_ACCEL"));
        accel = accel == null || accel.isBlank() ? "tcg" : accel.trim().toLowerCase(Locale.ROOT);
        if (!accel.equals("tcg") && !accel.equals("kvm")) {
            throw new IllegalArgumentException("vmsnap.guest.accel must be tcg or kvm, not " + accel);
        }
        return accel;
    }

    /** Starts the guest on one data disk. */
    public static TestGuest start(GuestImage image, Path dataDisk, Path workDir) throws IOException {
        return start(image, List.of(dataDisk), workDir);
    }

    /** The QMP node name of disk {@code index} (0: {@value #DATA_NODE}, then data1, ...). */
    public static String node(int index) {
        return "data" + index;
    }

    /** The QEMU command line, as a list, for {@code image} on {@code disks} with sockets in {@code workDir}. */
    public static List<String> argv(GuestImage image, List<Path> disks, Path workDir, String accel) {
        if (disks.isEmpty() || disks.size() > 8) {
            throw new IllegalArgumentException("1 to 8 disks, not " + disks.size());
        }
        Path qmp = workDir.resolve("qmp.sock").toAbsolutePath();
        Path qga = workDir.resolve("qga.sock").toAbsolutePath();
        if (!Files.isRegularFile(QBOOT)) {
            throw new IllegalStateException(QBOOT + " missing (package qemu-system-data)");
        }
        if (qmp.toString().length() > 100) {
            throw new IllegalArgumentException("work directory too deep for a unix socket path: " + workDir);
        }
        List<String> argv = new ArrayList<>(List.of(
                "qemu-system-x86_64",
                "-name",
                "vmsnap-test-guest",
                "-machine",
                "q35",
                "-accel",
                accel,
                "-cpu",
                accel.equals("kvm") ? "host" : "max",
                "-m",
                "256",
                "-smp",
                "1",
                "-nodefaults",
                "-no-user-config",
                "-display",
                "none",
                "-no-reboot",
                "-bios",
                QBOOT.toString(),
                "-kernel",
                image.kernel().toString(),
                "-initrd",
                image.initrd().toString(),
                "-append",
                image.cmdline(),
                "-serial",
                "file:" + workDir.resolve("console.log").toAbsolutePath(),
                "-chardev",
                "socket,id=qmp,path=" + opt(qmp) + ",server=on,wait=off",
                "-mon",
                "chardev=qmp,mode=control",
                "-chardev",
                "socket,id=qga0,path=" + opt(qga) + ",server=on,wait=off",
                "-device",
                "virtio-serial-pci,id=vser0",
                "-device",
                "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0"));
        for (int i = 0; i < disks.size(); i++) {
            String node = node(i);
            argv.addAll(List.of(
                    "-blockdev",
                    "driver=file,filename=" + opt(disks.get(i).toAbsolutePath()) + ",node-name=" + node + "-file",
                    "-blockdev",
                    "driver=qcow2,file=" + node + "-file,node-name=" + node,
                    "-device",
                    "virtio-blk-pci,drive=" + node + ",id=vd" + (char) ('a' + i)));
        }
        return List.copyOf(argv);
    }

    /** A path inside a QEMU option value: commas are doubled. */
    private static String opt(Path path) {
        return path.toString().replace(",", ",,");
    }

    public Path qmpSocket() {
        return workDir.resolve("qmp.sock");
    }

    public Path agentSocket() {
        return workDir.resolve("qga.sock");
    }

    public Path consoleLog() {
        return workDir.resolve("console.log");
    }

    /** The QMP connection (made on first use). */
    public Qmp qmp() throws IOException {
        if (qmp == null) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (qmp == null) {
                try {
                    qmp = Qmp.connect(qmpSocket());
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IOException("no QMP on " + qmpSocket() + diagnostics(), notYet);
                    }
                    waitForExit(Duration.ofMillis(20));
                }
            }
        }
        return qmp;
    }

    /** The guest agent connection; the first call waits until the guest has booted and the agent answers. */
    public GuestAgent agent() throws IOException {
        if (agent == null) {
            try {
                agent = GuestAgent.connect(agentSocket(), AGENT_TIMEOUT, process::isAlive);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + diagnostics(), e);
            }
            bootToAgent = Duration.ofNanos(System.nanoTime() - startedNanos);
        }
        return agent;
    }

    /** From starting QEMU until the agent first answered ({@code null} before {@link #agent()} did). */
    public Duration bootToAgent() {
        return bootToAgent;
    }

    /** ACPI power-down over QMP ({@code system_powerdown}); the guest unmounts /data and powers off. */
    public void powerDown() throws IOException {
        qmp().execute("system_powerdown");
    }

    /** Waits for QEMU to exit; returns its exit code. */
    public int awaitExit(Duration timeout) {
        if (!waitForExit(timeout)) {
            throw new AssertionError("QEMU still running after " + timeout + diagnostics());
        }
        closeClients();
        return process.exitValue();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The operating-system process id of QEMU. */
    public long pid() {
        return process.pid();
    }

    /** Kills QEMU at once (SIGKILL) and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
        closeClients();
    }

    /** What the guest printed on its serial console so far. */
    public String console() {
        return readQuietly(consoleLog());
    }

    private String diagnostics() {
        String state = process.isAlive() ? "" : " (QEMU exited " + process.exitValue() + ")";
        return state + "\n--- qemu.log:\n" + readQuietly(workDir.resolve("qemu.log")) + "\n--- console.log:\n"
                + console();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void closeClients() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
        if (qmp != null) {
            qmp.close();
            qmp = null;
        }
    }

    @Override
    public void close() {
        closeClients();
        if (process.isAlive()) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}

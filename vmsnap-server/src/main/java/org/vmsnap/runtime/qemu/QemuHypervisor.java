package org.vmsnap.runtime.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.qemu.QmpException;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.runtime.spi.Hypervisor;
import org.vmsnap.runtime.spi.LaunchSpec;
import org.vmsnap.runtime.spi.RunningVm;
import org.vmsnap.shared.StorageException;

/**
 * Runs VMs with {@code qemu-system-x86_64}: KVM when {@code /dev/kvm} can be opened, TCG otherwise; the disks as
 * virtio-blk on qcow2 block nodes, a QMP monitor socket and a guest agent virtio-serial channel
 * ({@code org.qemu.guest_agent.0}), both Unix sockets in the run directory named after the VM's uuid; the serial
 * console to a file beside them. The QEMU process outlives vmsnap: a later vmsnap finds it by pid and socket.
 */
public final class QemuHypervisor implements Hypervisor {
    private static final Logger log = LoggerFactory.getLogger(QemuHypervisor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND = Duration.ofSeconds(30);
    /** The minimal firmware of Debian's qemu-system-data, for direct kernel boots. */
    private static final Path QBOOT = Path.of("/usr/share/qemu/qboot.rom");

    private final String binary;
    private final Path runDir;
    private final QmpPool pool;
    private final boolean auto;
    private volatile String accel;
    private final Duration startTimeout;

    /**
     * @param accel {@code kvm}, {@code tcg} or {@code auto} (KVM when usable)
     */
    public QemuHypervisor(String binary, Path runDir, QmpPool pool, String accel, Duration startTimeout) {
        this.binary = binary;
        this.runDir = runDir;
        this.pool = pool;
        this.auto = accel.equals("auto");
        this.accel = auto ? (kvmUsable() ? "kvm" : "tcg") : accel;
        this.startTimeout = startTimeout;
        log.info("VMs run with {} ({})", binary, this.accel);
    }

    static boolean kvmUsable() {
        Path kvm = Path.of("/dev/kvm");
        try (FileChannel ignored = FileChannel.open(kvm, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The argv that runs {@code spec} with its sockets at {@code qmp} and {@code agent}. */
    List<String> argv(LaunchSpec spec, Path qmp, Path agent, Path console) {
        List<String> argv = new ArrayList<>(List.of(
                binary,
                "-name",
                "guest=" + spec.vmUuid(),
                "-machine",
                "q35",
                "-accel",
                accel,
                "-cpu",
                accel.equals("kvm") ? "host" : "max",
                "-m",
                Integer.toString(spec.ramMb()),
                "-smp",
                Integer.toString(spec.vcpus()),
                "-nodefaults",
                "-no-user-config",
                "-display",
                "none",
                "-no-reboot",
                "-chardev",
                "socket,id=qmp,path=" + option(qmp) + ",server=on,wait=off",
                "-mon",
                "chardev=qmp,mode=control",
                "-chardev",
                "socket,id=qga0,path=" + option(agent) + ",server=on,wait=off",
                "-device",
                "virtio-serial-pci,id=vser0",
                "-device",
                "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0",
                "-serial",
                "file:" + option(console)));
        for (int i = 0; i < spec.disks().size(); i++) {
            int n = i + 1;
            argv.add("-blockdev");
            argv.add(json(Map.of(
                    "driver",
                    "qcow2",
                    "node-name",
                    "disk" + n,
                    "file",
                    Map.of("driver", "file", "filename", spec.disks().get(i).toString()))));
            argv.add("-device");
            argv.add("virtio-blk-pci,drive=disk" + n + ",id=vd" + n + (n == 1 ? ",bootindex=1" : ""));
        }
        if (spec.kernel() != null) {
            if (Files.isRegularFile(QBOOT)) {
                argv.addAll(List.of("-bios", QBOOT.toString())); // a direct kernel boot needs no BIOS menus
            }
            argv.addAll(List.of("-kernel", spec.kernel().toString()));
            if (spec.initrd() != null) {
                argv.addAll(List.of("-initrd", spec.initrd().toString()));
            }
            if (spec.cmdline() != null) {
                argv.addAll(List.of("-append", spec.cmdline()));
            }
        }
        if (spec.resumeFrom() != null) {
            // QEMU reverts every disk to the snapshot and loads the RAM and device state saved with it, then runs
            argv.addAll(List.of("-loadvm", spec.resumeFrom()));
        }
        return argv;
    }

    @Override
    public RunningVm start(LaunchSpec spec) {
        try {
            return launch(spec);
        } catch (StorageException e) {
            if (!auto || !accel.equals("kvm")) {
                throw e;
            }
            // /dev/kvm opens, but this host's KVM cannot run the VM (nested, missing CPU features): emulate
            log.warn("KVM failed ({}); VMs run with TCG from now on", e.getMessage());
            accel = "tcg";
            return launch(spec);
        }
    }

    private RunningVm launch(LaunchSpec spec) {
        Path qmp = runDir.resolve("vm-" + spec.vmUuid() + ".qmp");
        Path agent = runDir.resolve("vm-" + spec.vmUuid() + ".qga");
        Path console = runDir.resolve("vm-" + spec.vmUuid() + ".console");
        Path output = runDir.resolve("vm-" + spec.vmUuid() + ".log");
        Process process;
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(qmp);
            Files.deleteIfExists(agent);
            pool.forget(qmp);
            pool.forget(agent);
            process = new ProcessBuilder(argv(spec, qmp, agent, console))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new StorageException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            try {
                if (Files.exists(qmp)) {
                    pool.monitor(qmp);
                    log.info("VM {} started (pid {})", spec.vmUuid(), process.pid());
                    return new RunningVm(process.pid(), qmp, agent);
                }
            } catch (QmpException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new StorageException("QEMU exited: " + tail(output), Math.max(1, process.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new StorageException(
                        "QEMU did not open its monitor within " + startTimeout.toSeconds() + " s", 1);
            }
            pause(10);
        }
    }

    /**
     * The QEMU this hypervisor launched for the VM, found by its monitor socket and the {@code guest=<uuid>} in its
     * argv, if it runs: for a start delivered twice, which must not launch a second QEMU on the same images.
     */
    public Optional<RunningVm> launched(String vmUuid) {
        Path qmp = runDir.resolve("vm-" + vmUuid + ".qmp");
        if (!Files.exists(qmp)) {
            return Optional.empty();
        }
        String name = "guest=" + vmUuid;
        return ProcessHandle.allProcesses()
                .filter(QemuHypervisor::isQemu)
                .filter(p ->
                        p.info().arguments().map(a -> List.of(a).contains(name)).orElse(false))
                .findFirst()
                .map(p -> new RunningVm(p.pid(), qmp, runDir.resolve("vm-" + vmUuid + ".qga")))
                .filter(this::isRunning);
    }

    @Override
    public boolean isRunning(RunningVm vm) {
        if (vm.pid() != null && !alive(vm.pid())) {
            pool.forget(vm.qmpSocket());
            return false;
        }
        try {
            JsonNode status = pool.monitor(vm.qmpSocket()).execute("query-status", Map.of(), COMMAND);
            String state = status.path("status").asText();
            return !state.equals("shutdown") && !state.equals("guest-panicked");
        } catch (QmpException e) {
            pool.forget(vm.qmpSocket());
            return false;
        }
    }

    @Override
    public void stop(RunningVm vm, Duration grace) {
        if (vm.pid() == null) {
            throw new StorageException("vmsnap did not start this VM and does not stop it", 1);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(vm.pid()).filter(QemuHypervisor::isQemu);
        if (process.isEmpty()) {
            forget(vm);
            return;
        }
        if (!grace.isZero()) {
            try {
                pool.monitor(vm.qmpSocket()).execute("system_powerdown", Map.of(), COMMAND);
                if (exited(process.get(), grace)) {
                    forget(vm);
                    return;
                }
                log.warn("VM with QEMU pid {} did not power off within {} s; stopping it", vm.pid(), grace.toSeconds());
            } catch (QmpException e) {
                log.warn("ACPI power-down failed: {}; stopping the VM", e.getMessage());
            }
        }
        try {
            pool.monitor(vm.qmpSocket()).execute("quit", Map.of(), COMMAND);
        } catch (QmpException e) {
            // the process goes below either way
        }
        if (!exited(process.get(), Duration.ofSeconds(10))) {
            process.get().destroyForcibly();
            if (!exited(process.get(), Duration.ofSeconds(10))) {
                throw new StorageException("QEMU pid " + vm.pid() + " does not exit", 1);
            }
        }
        forget(vm);
    }

    @Override
    public Optional<RuntimeUsage> usage(RunningVm vm) {
        long rdBytes = 0, wrBytes = 0, rdOps = 0, wrOps = 0;
        try {
            for (JsonNode device : pool.monitor(vm.qmpSocket()).execute("query-blockstats", Map.of(), COMMAND)) {
                JsonNode stats = device.path("stats");
                rdBytes += stats.path("rd_bytes").asLong();
                wrBytes += stats.path("wr_bytes").asLong();
                rdOps += stats.path("rd_operations").asLong();
                wrOps += stats.path("wr_operations").asLong();
            }
        } catch (QmpException e) {
            return Optional.empty();
        }
        Duration cpu = Duration.ZERO;
        long memory = 0;
        if (vm.pid() != null && alive(vm.pid())) {
            cpu = ProcFs.cpuTime(vm.pid());
            memory = ProcFs.residentBytes(vm.pid());
        }
        return Optional.of(new RuntimeUsage(cpu, memory, rdBytes, wrBytes, rdOps, wrOps));
    }

    private void forget(RunningVm vm) {
        pool.forget(vm.qmpSocket());
        if (vm.agentSocket() != null) {
            pool.forget(vm.agentSocket());
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid)
                .filter(QemuHypervisor::isQemu)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private static boolean isQemu(ProcessHandle p) {
        return p.info().command().map(c -> c.contains("qemu-system")).orElse(true);
    }

    private static boolean exited(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while starting QEMU", e);
        }
    }

    private static String tail(Path output) {
        try {
            String text = Files.readString(output).strip();
            return text.length() > 500 ? text.substring(text.length() - 500) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /** A path inside a QEMU {@code key=value,...} option: commas are doubled. */
    private static String option(Path path) {
        return path.toString().replace(",", ",,");
    }

    private static String json(Map<String, ?> value) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

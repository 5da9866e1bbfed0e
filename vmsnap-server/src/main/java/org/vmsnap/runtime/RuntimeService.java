package org.vmsnap.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Node;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.runtime.spi.Hypervisor;
import org.vmsnap.runtime.spi.LaunchSpec;
import org.vmsnap.runtime.spi.RunningVm;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.LiveImage;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskRequest;
import org.vmsnap.task.TaskService;

/**
 * VM power and the way to a running VM's QEMU. Start and stop are tasks on all of the VM's disks, so they wait for
 * snapshot work on those disks and snapshot work queued after them sees the new state. A VM vmsnap launched keeps
 * running when vmsnap stops; the next start finds it again through its pid and QMP socket. An attached VM is only
 * read, never started or stopped.
 */
@Service
public class RuntimeService {
    private static final Logger log = LoggerFactory.getLogger(RuntimeService.class);
    private static final EnumSet<VmState> LIVE = EnumSet.of(VmState.RUNNING, VmState.STOPPING);

    private final RuntimeStore store;
    private final InventoryService inventory;
    private final TaskService tasks;
    private final Hypervisor hypervisor;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Path dataDir;
    private final Duration stopTimeout;

    public RuntimeService(
            RuntimeStore store,
            InventoryService inventory,
            TaskService tasks,
            Hypervisor hypervisor,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${vmsnap.data-dir}") Path dataDir,
            @Value("${vmsnap.vm.stop-timeout:PT60S}") Duration stopTimeout) {
        this.store = store;
        this.inventory = inventory;
        this.tasks = tasks;
        this.hypervisor = hypervisor;
        this.events = events;
        this.clock = clock;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.stopTimeout = stopTimeout;
    }

    /** How the VM runs (defaults when nothing was set). Admins only. */
    public VmRuntime runtime(Caller caller, String vmRef) {
        requireAdmin(caller);
        Vm vm = inventory.vm(caller, vmRef);
        return store.of(vm.id()).orElse(VmRuntime.defaults(vm.id()));
    }

    /** Changes how the VM runs; only while it does not run. Admins only. */
    @Transactional
    public VmRuntime configure(Caller caller, String vmRef, RuntimeSettings settings) {
        requireAdmin(caller);
        Vm vm = inventory.vm(caller, vmRef);
        if (LIVE.contains(vm.state()) || vm.state() == VmState.NOTREADY) {
            throw new RuleViolationException(Rule.VM_NOT_STOPPED);
        }
        VmRuntime old = store.of(vm.id()).orElse(VmRuntime.defaults(vm.id()));
        Errors errors = new Errors();
        int ram = settings.ramMb().orElse(old.ramMb());
        if (ram < 16 || ram > 1_048_576) {
            errors.add("ram", "Ensure this value is between 16 and 1048576.");
        }
        int vcpus = settings.vcpus().orElse(old.vcpus());
        if (vcpus < 1 || vcpus > 64) {
            errors.add("vcpus", "Ensure this value is between 1 and 64.");
        }
        boolean embedded = nodeOf(vm) == null;
        Path kernel = settings.kernel()
                .map(k -> bootFile("kernel", k, embedded, errors))
                .orElse(old.kernel());
        Path initrd = settings.initrd()
                .map(k -> bootFile("initrd", k, embedded, errors))
                .orElse(old.initrd());
        String cmdline = settings.cmdline().map(c -> c.isEmpty() ? null : c).orElse(old.cmdline());
        if (cmdline != null && !cmdline.matches("[A-Za-z0-9 =._,:/+-]{1,512}")) {
            errors.add("cmdline", "Invalid value.");
        }
        Path qmp = settings.qmpSocket()
                .map(s -> socket("qmp_socket", s, errors))
                .orElse(old.managed() ? null : old.qmpSocket());
        Path agent = settings.agentSocket()
                .map(s -> socket("qga_socket", s, errors))
                .orElse(old.managed() ? null : old.agentSocket());
        errors.throwIfAny();
        boolean managed = qmp == null;
        VmRuntime updated = new VmRuntime(
                vm.id(), managed, ram, vcpus, kernel, initrd, cmdline, qmp, managed ? null : agent, null, null);
        store.save(updated);
        tasks.logSync(caller, vm.ownerId(), log(vm, "Update server runtime", ""));
        return updated;
    }

    /** Starts a stopped VM vmsnap manages. */
    @Transactional
    public Task start(Caller caller, String vmRef) {
        Vm vm = inventory.vm(caller, vmRef);
        VmRuntime runtime = store.of(vm.id()).orElse(VmRuntime.defaults(vm.id()));
        requireOperational(vm);
        if (!runtime.managed() || vm.state() != VmState.STOPPED) {
            throw new RuleViolationException(Rule.BAD_ACTION);
        }
        if (!inventory.transition(vm.id(), EnumSet.of(VmState.STOPPED), VmState.NOTREADY)) {
            throw new RuleViolationException(Rule.VM_HAS_PENDING_TASKS);
        }
        List<Disk> disks = inventory.disks(vm);
        return tasks.submit(
                request(TaskKind.VM_START, caller, vm, disks, "Start server"),
                () -> runStart(vm, runtime, disks, null));
    }

    /** Stops a running VM vmsnap manages: ACPI power-down, a hard stop after the timeout, or at once with force. */
    @Transactional
    public Task stop(Caller caller, String vmRef, boolean force, Optional<Duration> timeout) {
        Vm vm = inventory.vm(caller, vmRef);
        VmRuntime runtime = store.of(vm.id()).orElse(VmRuntime.defaults(vm.id()));
        requireOperational(vm);
        if (!runtime.managed() || !LIVE.contains(vm.state())) {
            throw new RuleViolationException(Rule.BAD_ACTION);
        }
        if (vm.state() == VmState.STOPPING && !force) {
            throw new RuleViolationException(Rule.VM_ALREADY_STOPPING);
        }
        inventory.transition(vm.id(), EnumSet.of(VmState.RUNNING), VmState.STOPPING);
        Duration grace = force ? Duration.ZERO : timeout.orElse(stopTimeout);
        String msg = force ? "Force server stop" : "Stop server";
        return tasks.submit(request(TaskKind.VM_STOP, caller, vm, inventory.disks(vm), msg), () -> runStop(vm, grace));
    }

    /**
     * The VM's state as it really is: a managed VM whose QEMU went away is stopped; an attached VM is running when
     * its monitor says so.
     */
    public VmState refresh(Vm vm) {
        Optional<VmRuntime> runtime = store.of(vm.id());
        if (runtime.isEmpty()) {
            return vm.state();
        }
        VmRuntime r = runtime.get();
        if (!r.managed() && EnumSet.of(VmState.STOPPED, VmState.RUNNING).contains(vm.state())) {
            Optional<Boolean> asked = running(vm, r);
            if (asked.isEmpty()) {
                return vm.state();
            }
            boolean running = asked.get();
            VmState now = running ? VmState.RUNNING : VmState.STOPPED;
            if (now != vm.state() && inventory.transition(vm.id(), EnumSet.of(vm.state()), now) && !running) {
                events.publishEvent(new VmStopped(vm.id()));
            }
            return now;
        }
        if (LIVE.contains(vm.state()) && settleIfGone(vm)) {
            return VmState.STOPPED;
        }
        return vm.state();
    }

    /** How to reach the QEMU that holds the disk's image, when its VM runs. */
    public Optional<LiveImage> live(Disk disk) {
        if (disk.vmId() == null) {
            return Optional.empty();
        }
        Optional<Vm> vm = inventory.vm(disk.vmId());
        if (vm.isEmpty() || !LIVE.contains(vm.get().state())) {
            return Optional.empty();
        }
        return store.of(disk.vmId())
                .filter(r -> r.qmpSocket() != null)
                .map(r -> new LiveImage(r.qmpSocket(), r.agentSocket()));
    }

    /** Whether vmsnap launches the VM (so it can also start it in a snapshot's saved state). */
    public boolean managed(Vm vm) {
        return store.of(vm.id()).map(VmRuntime::managed).orElse(true);
    }

    /**
     * Starts a stopped VM vmsnap manages in the disk, memory and device state saved with snapshot {@code tag} (QEMU
     * {@code -loadvm}) instead of booting it. For a task that holds all of the VM's disks, with the VM held
     * (NOTREADY) by whoever queued it: running on success, stopped again on failure.
     */
    public TaskOutcome resumeHeld(Vm vm, String tag) {
        VmRuntime runtime = store.of(vm.id()).orElse(VmRuntime.defaults(vm.id()));
        if (!runtime.managed()) {
            inventory.transition(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
            return TaskOutcome.failed(1, "vmsnap does not start this VM", "");
        }
        return runStart(vm, runtime, inventory.disks(vm), tag);
    }

    /** Whether the VM has a guest agent channel (a freeze can be asked). */
    public boolean hasAgent(Vm vm) {
        return agentIn(store.of(vm.id()));
    }

    /** {@link #hasAgent} for many VMs at once: the ids of those of {@code vms} that have one. */
    public Set<Long> withAgent(Collection<Vm> vms) {
        Map<Long, VmRuntime> runtimes = store.of(vms.stream().map(Vm::id).toList());
        return vms.stream()
                .map(Vm::id)
                .filter(id -> agentIn(Optional.ofNullable(runtimes.get(id))))
                .collect(Collectors.toSet());
    }

    private static boolean agentIn(Optional<VmRuntime> runtime) {
        return runtime.map(r -> r.managed() || r.agentSocket() != null).orElse(true);
    }

    /**
     * After a live operation failed: if the VM's QEMU is gone, the VM is stopped from now on (its images are
     * offline); returns whether that happened.
     */
    public boolean settleIfGone(Vm vm) {
        Optional<VmRuntime> runtime = store.of(vm.id()).filter(r -> r.qmpSocket() != null);
        if (runtime.isEmpty() || running(vm, runtime.get()).orElse(true)) {
            return false;
        }
        markStopped(vm, runtime.get());
        log.warn("VM {} is no longer running", vm.uuid());
        return true;
    }

    /** Whether the VM's QEMU runs; empty when that cannot be known now (its node's agent does not answer). */
    private Optional<Boolean> running(Vm vm, VmRuntime r) {
        try {
            return Optional.of(hypervisor.isRunning(r.process(nodeOf(vm))));
        } catch (StorageException e) {
            log.warn("cannot tell whether VM {} runs: {}", vm.uuid(), e.getMessage());
            return Optional.empty();
        }
    }

    /** At start: VMs whose QEMU went away while vmsnap was down are stopped; the others are running again. */
    public void recover() {
        for (VmRuntime r : store.all()) {
            inventory.vm(r.vmId()).ifPresent(vm -> {
                if (LIVE.contains(vm.state()) || !r.managed()) {
                    refresh(vm);
                }
            });
        }
    }

    /**
     * The node that runs the VM, as the hypervisor and the storage driver name it: its hostname, or null for the
     * server's embedded node.
     */
    String nodeOf(Vm vm) {
        Node node = inventory.node(vm);
        return node.remote() ? node.hostname() : null;
    }

    private TaskOutcome runStart(Vm vm, VmRuntime runtime, List<Disk> disks, String resumeFrom) {
        List<Path> images = disks.stream().map(Disk::imagePath).toList();
        Node node = inventory.node(vm);
        // boot files are named relative to a data directory: on another node, that node's own, beside its images
        Path bootDir = node.remote() ? Path.of(node.imagesDir()).getParent() : dataDir;
        RunningVm running;
        try {
            running = hypervisor.start(new LaunchSpec(
                    vm.uuid(),
                    runtime.ramMb(),
                    runtime.vcpus(),
                    images,
                    onNode(runtime.kernel(), bootDir),
                    onNode(runtime.initrd(), bootDir),
                    runtime.cmdline(),
                    resumeFrom,
                    node.remote() ? node.hostname() : null));
        } catch (StorageException e) {
            inventory.transition(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED);
            return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
        }
        store.save(runtime.started(running, clock.instant()));
        inventory.transition(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.RUNNING);
        return TaskOutcome.ok("Successfully started VM " + vm.hostname());
    }

    private TaskOutcome runStop(Vm vm, Duration grace) {
        VmRuntime r = store.of(vm.id()).orElseThrow();
        try {
            if (r.qmpSocket() != null) {
                hypervisor.stop(r.process(nodeOf(vm)), grace);
            }
        } catch (StorageException e) {
            if (!settleIfGone(vm)) {
                inventory.transition(vm.id(), EnumSet.of(VmState.STOPPING), VmState.RUNNING);
                return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
            }
            return TaskOutcome.ok("Successfully completed stop for VM " + vm.hostname());
        }
        markStopped(vm, r);
        return TaskOutcome.ok("Successfully completed stop for VM " + vm.hostname());
    }

    private void markStopped(Vm vm, VmRuntime r) {
        if (r.managed()) {
            store.save(r.stopped());
        }
        if (inventory.transition(vm.id(), LIVE, VmState.STOPPED)) {
            events.publishEvent(new VmStopped(vm.id()));
        }
    }

    /** A boot file of this server's data directory, at the same place in {@code bootDir} (a node's data directory). */
    private Path onNode(Path file, Path bootDir) {
        return file == null ? null : bootDir.resolve(dataDir.relativize(file));
    }

    /**
     * A boot file named relative to the data directory; {@code embedded}: the VM runs on this server's node, so the
     * file must be there now (a node's agent finds its own copy when the VM starts).
     */
    private Path bootFile(String field, String relative, boolean embedded, Errors errors) {
        if (relative.isEmpty()) {
            return null;
        }
        if (!relative.matches("[A-Za-z0-9._/-]{1,512}") || relative.startsWith("/")) {
            errors.add(field, "Invalid value.");
            return null;
        }
        Path file = dataDir.resolve(relative).normalize();
        if (!file.startsWith(dataDir) || (embedded && !Files.isRegularFile(file))) {
            errors.add(field, "File not found.");
            return null;
        }
        return file;
    }

    private static Path socket(String field, String absolute, Errors errors) {
        if (absolute.isEmpty()) {
            return null;
        }
        if (!absolute.matches("/[A-Za-z0-9._/-]{1,107}") || absolute.contains("/../")) {
            errors.add(field, "Invalid value.");
            return null;
        }
        return Path.of(absolute);
    }

    /** Field errors collected in the order the fields are checked. */
    private static final class Errors {
        private final Map<String, List<String>> byField = new java.util.LinkedHashMap<>();

        void add(String field, String message) {
            byField.computeIfAbsent(field, f -> new java.util.ArrayList<>()).add(message);
        }

        void throwIfAny() {
            if (!byField.isEmpty()) {
                throw new InvalidInputException(byField);
            }
        }
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
    }

    private static void requireOperational(Vm vm) {
        if (!vm.installed()) {
            throw new RuleViolationException(Rule.VM_NOT_INSTALLED);
        }
        if (!EnumSet.of(VmState.RUNNING, VmState.STOPPED, VmState.STOPPING).contains(vm.state())) {
            throw new RuleViolationException(Rule.VM_NOT_OPERATIONAL);
        }
    }

    private static TaskRequest request(TaskKind kind, Caller caller, Vm vm, List<Disk> disks, String msg) {
        return InventoryService.request(kind, caller, vm, disks, msg, "");
    }

    private static LogInfo log(Vm vm, String msg, String detail) {
        return InventoryService.log(vm, msg, detail);
    }
}

package org.vmsnap.inventory;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.User;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskRequest;
import org.vmsnap.task.TaskService;

/**
 * Nodes, VMs and disks: definitions, deployment, lookups with visibility. A VM another user owns answers exactly
 * like a missing one. Thread-safe; state changes are compare-and-set.
 */
@Service
public class InventoryService {
    private final NodeDirectory nodes;
    private final String embeddedNode;

    private final InventoryStore store;
    private final Definitions definitions;
    private final AccessService access;
    private final TaskService tasks;
    private final ImageDeployer deployer;

    public InventoryService(
            InventoryStore store,
            Definitions definitions,
            AccessService access,
            TaskService tasks,
            ImageDeployer deployer,
            NodeDirectory nodes,
            @Value("${vmsnap.local-node:local}") String embeddedNode) {
        this.nodes = nodes;
        this.embeddedNode = embeddedNode;
        this.store = store;
        this.definitions = definitions;
        this.access = access;
        this.tasks = tasks;
        this.deployer = deployer;
    }

    /** Makes sure the embedded node exists, when this server has one ({@code vmsnap.local-node} not empty). */
    public void bootstrap() {
        if (!embeddedNode.isBlank()) {
            nodes.ensureEmbedded(embeddedNode);
        }
    }

    /** Every node, with its status as of now (super admins only). */
    public List<Node> nodes(Caller caller) {
        requireSuperAdmin(caller);
        return nodes.all();
    }

    /** One node by hostname (super admins only). */
    public Node node(Caller caller, String hostname) {
        requireSuperAdmin(caller);
        return nodes.byHostname(hostname).orElseThrow(() -> new NotFoundException(ObjectKind.NODE));
    }

    /** Puts a node online or in maintenance (no new work for it); logged as a synchronous call. */
    @Transactional
    public Node setNodeStatus(Caller caller, String hostname, NodeStatus status) {
        Node node = node(caller, hostname);
        nodes.setStatus(node.id(), status);
        tasks.logSync(
                caller,
                caller.userId(),
                new LogInfo("Update node definition", "status=" + status.code(), "node", hostname, hostname));
        return node(caller, hostname);
    }

    /** The VMs placed on a node (for the core's own use: no visibility checks). */
    public List<Vm> vmsOnNode(String hostname) {
        return store.vmsOnNode(hostname);
    }

    /** Where a VM is reached: its own address (a define extension), else its node's. */
    public String addressOf(Vm vm) {
        return vm.address() != null ? vm.address() : node(vm).address();
    }

    /** How many VMs each node holds, by node id. */
    public Map<Long, Long> vmCountsByNode() {
        return nodes.vmCounts();
    }

    /** Records what a node's agent reported: the node is registered on its first contact. */
    @EventListener
    public void nodeReported(NodeReport report) {
        nodes.reported(report);
    }

    private static void requireSuperAdmin(Caller caller) {
        if (!caller.isSuperAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
    }

    /** A VM the caller may see, by hostname or uuid. */
    public Vm vm(Caller caller, String hostnameOrUuid) {
        return store.vm(hostnameOrUuid)
                .filter(vm -> caller.canSee(vm.ownerId(), vm.dcId()))
                .orElseThrow(() -> new NotFoundException(ObjectKind.VM));
    }

    /** A VM the caller may see, by its numeric id (HOSTKEY addresses VMs so). */
    public Vm vm(Caller caller, long id) {
        return store.vm(id)
                .filter(vm -> caller.canSee(vm.ownerId(), vm.dcId()))
                .orElseThrow(() -> new NotFoundException(ObjectKind.VM));
    }

    /**
     * Locks the VM's row until the surrounding transaction ends, so that check-then-insert work on one VM (a
     * snapshot limit) is serialised across threads and replicas. Must run inside a transaction.
     */
    public void lockVm(long vmId) {
        store.lock(vmId);
    }

    /**
     * The VMs by id, their rows locked in id order until the transaction ends and read after the lock: what a change
     * decides from them (state, pending work, snapshots) cannot change under it, so the changes of one VM's snapshots
     * are decided one at a time, across threads and replicas. Missing ones are left out. Call inside a transaction.
     */
    public Map<Long, Vm> vmsForChange(Collection<Long> ids) {
        return store.lockedVms(ids).stream().collect(Collectors.toMap(Vm::id, Function.identity()));
    }

    /** A VM by id, without visibility checks (for the core's own use). */
    public Optional<Vm> vm(long id) {
        return store.vm(id);
    }

    /** VMs by id, without visibility checks (for the core's own use); missing ones are left out. */
    public Map<Long, Vm> vms(Collection<Long> ids) {
        return store.vms(ids).stream().collect(Collectors.toMap(Vm::id, Function.identity()));
    }

    /**
     * For batches: the VMs named by {@code refs} (hostnames or uuids), without visibility checks; each found VM
     * under every ref of {@code refs} that names it. The caller checks visibility per ref, as {@link #vm(Caller,
     * String)} does.
     */
    public Map<String, Vm> vmsByRef(Collection<String> refs) {
        Set<String> wanted = Set.copyOf(refs);
        Map<String, Vm> found = new HashMap<>();
        for (Vm vm : store.vmsByRef(wanted)) {
            for (String ref : List.of(vm.hostname(), vm.uuid())) {
                if (wanted.contains(ref)) {
                    found.putIfAbsent(ref, vm);
                }
            }
        }
        return found;
    }

    /** For batches: the disks of each of the VMs, by position ({@link #disks} for many VMs at once). */
    public Map<Long, List<Disk>> disksOf(Collection<Long> vmIds) {
        return store.disksOfVms(vmIds).stream().collect(Collectors.groupingBy(Disk::vmId));
    }

    /** For batches: the nodes of the VMs, by node id. */
    public Map<Long, Node> nodes(Collection<Vm> vms) {
        return nodes.byIds(vms.stream().map(Vm::nodeId).collect(Collectors.toSet()));
    }

    /** For batches: the snapshot quotas of each VM ({@link #snapshotLimits(Vm)} for many at once). */
    public Map<Long, VmSnapshotLimits> snapshotLimits(Collection<Long> vmIds) {
        return store.snapshotLimits(vmIds);
    }

    /** {@link #lockVm} for many VMs in one statement, in id order. Call inside a transaction. */
    public void lockVms(Collection<Long> vmIds) {
        store.lockAll(vmIds);
    }

    /** VMs of the caller's DC the caller may see, by hostname. */
    public List<Vm> vms(Caller caller) {
        return store.vmsInDc(caller.dcId()).stream()
                .filter(vm -> caller.canSee(vm.ownerId(), vm.dcId()))
                .toList();
    }

    public List<Disk> disks(Vm vm) {
        return store.disksOf(vm.id());
    }

    /** The VM's disk at 1-based {@code position}; 412-style {@link Rule#INVALID_DISK_ID} if it has none there. */
    public Disk disk(Vm vm, int position) {
        return findDisk(vm, position).orElseThrow(() -> new RuleViolationException(Rule.INVALID_DISK_ID));
    }

    /** The VM's disk at 1-based {@code position}, if it has one there. */
    public Optional<Disk> findDisk(Vm vm, int position) {
        return store.disksOf(vm.id()).stream()
                .filter(d -> d.position() != null && d.position() == position)
                .findFirst();
    }

    /** The deployed disk at {@code position}: as {@link #disk} but the VM must be installed. */
    public Disk deployedDisk(Vm vm, int position) {
        if (!vm.installed()) {
            throw new RuleViolationException(Rule.INVALID_DISK_ID);
        }
        return disk(vm, position);
    }

    public Optional<Disk> diskById(long id) {
        return store.disk(id);
    }

    public Node node(Vm vm) {
        return nodes.byId(vm.nodeId());
    }

    /** Username of a user id, for rendering. */
    public String username(long userId) {
        return access.user(userId).map(User::username).orElse("");
    }

    /** Compare-and-set of a VM's state. */
    public boolean transition(long vmId, Set<VmState> from, VmState to) {
        return store.setState(vmId, from, to, null);
    }

    /** The VM's snapshot quotas. */
    public VmSnapshotLimits snapshotLimits(Vm vm) {
        return store.snapshotLimits(vm.id());
    }

    /**
     * Replaces the VM's snapshot quotas (admins only); they apply to the next create. Logs one task-log line.
     *
     * @return the quotas now stored
     */
    @Transactional
    public VmSnapshotLimits setSnapshotLimits(Caller caller, String vmRef, VmSnapshotLimits limits) {
        requireAdmin(caller);
        Vm vm = vm(caller, vmRef);
        store.setSnapshotLimits(vm.id(), limits);
        String detail = "snapshot_limit_manual=%s snapshot_limit_auto=%s snapshot_size_limit=%s"
                        .formatted(text(limits.manualCount()), text(limits.autoCount()), text(limits.sizeMb()))
                + " snapshot_size_percent_limit=" + text(limits.sizePercent());
        tasks.logSync(caller, vm.ownerId(), log(vm, "Update server definition", detail));
        return store.snapshotLimits(vm.id());
    }

    private static String text(Optional<Long> limit) {
        return limit.map(String::valueOf).orElse("null");
    }

    /** Defines a new VM (admins only); it is not deployed yet. */
    public Vm defineVm(Caller caller, DefineVmCommand command) {
        return definitions.defineVm(caller, command);
    }

    /** Adds a disk, new or adopted, to a VM that is not deployed (admins only). */
    public Disk defineDisk(Caller caller, String vmRef, DefineDiskCommand command) {
        requireAdmin(caller);
        return definitions.defineDisk(caller, vm(caller, vmRef), command);
    }

    /** Deletes the definition of a VM that is not deployed (admins only). */
    public void deleteDefinition(Caller caller, String vmRef) {
        requireAdmin(caller);
        definitions.deleteDefinition(caller, vm(caller, vmRef));
    }

    /** Creates the VM's images (adopted ones are only checked); the VM ends stopped and installed. */
    @Transactional
    public Task deploy(Caller caller, String vmRef) {
        requireAdmin(caller);
        Vm vm = vm(caller, vmRef);
        List<Disk> disks = store.disksOf(vm.id());
        if (vm.state() != VmState.NOTCREATED) {
            throw new RuleViolationException(Rule.VM_ALREADY_INSTALLED);
        }
        if (disks.isEmpty()) {
            throw new RuleViolationException(Rule.VM_HAS_NO_DISKS);
        }
        if (!store.setState(vm.id(), EnumSet.of(VmState.NOTCREATED), VmState.DEPLOYING, null)) {
            throw new RuleViolationException(Rule.VM_HAS_PENDING_TASKS);
        }
        TaskRequest request = request(TaskKind.VM_DEPLOY, caller, vm, disks, "Create server", "");
        return tasks.submit(request, () -> deployer.deploy(vm, disks));
    }

    /** Removes the VM's images and snapshots from its node; the definition stays. The VM must be stopped. */
    @Transactional
    public Task undeploy(Caller caller, String vmRef) {
        requireAdmin(caller);
        Vm vm = vm(caller, vmRef);
        if (!vm.installed()) {
            throw new RuleViolationException(Rule.VM_NOT_INSTALLED);
        }
        if (!store.setState(vm.id(), EnumSet.of(VmState.STOPPED), VmState.NOTREADY, null)) {
            throw new RuleViolationException(Rule.VM_NOT_STOPPED);
        }
        List<Disk> disks = store.disksOf(vm.id());
        TaskRequest request = request(TaskKind.VM_UNDEPLOY, caller, vm, disks, "Delete server", "");
        return tasks.submit(request, () -> deployer.undeploy(vm, disks));
    }

    /** Puts VMs whose deploy or undeploy was interrupted by a crash back into a consistent state. */
    public void recover(Task interrupted) {
        if (interrupted.vmId() == null) {
            return;
        }
        store.vm(interrupted.vmId()).ifPresent(vm -> {
            List<Disk> disks = store.disksOf(vm.id());
            switch (interrupted.kind()) {
                case VM_DEPLOY -> deployer.rollBackDeploy(vm, disks);
                case VM_UNDEPLOY -> deployer.undeploy(vm, disks);
                default -> {}
            }
        });
    }

    /** A task on all of {@code disks} of {@code vm}, owned by the VM's owner, logged as an action on the VM. */
    public static TaskRequest request(
            TaskKind kind, Caller caller, Vm vm, List<Disk> disks, String msg, String detail) {
        return new TaskRequest(
                kind,
                caller,
                vm.ownerId(),
                vm.id(),
                disks.stream().map(Disk::id).toList(),
                false,
                Map.of("hostname", vm.hostname()),
                log(vm, msg, detail));
    }

    /** A task-log line about {@code vm}. */
    public static LogInfo log(Vm vm, String msg, String detail) {
        return new LogInfo(msg, detail, "vm", vm.hostname(), vm.alias());
    }

    static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
    }
}

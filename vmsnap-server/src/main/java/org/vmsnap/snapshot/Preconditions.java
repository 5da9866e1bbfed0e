package org.vmsnap.snapshot;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Node;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmSnapshotLimits;
import org.vmsnap.inventory.VmState;
import org.vmsnap.settings.SettingsService;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.TaskService;

/** The lookups and checks every snapshot operation makes before it changes anything. */
@Component
class Preconditions {
    private final InventoryService inventory;
    private final SnapshotStore store;
    private final TaskService tasks;
    private final SettingsService settings;

    private final CreateFacts fromDatabase;

    Preconditions(InventoryService inventory, SnapshotStore store, TaskService tasks, SettingsService settings) {
        this.inventory = inventory;
        this.store = store;
        this.tasks = tasks;
        this.settings = settings;
        this.fromDatabase = new CreateFacts() {
            @Override
            public boolean nodeOnline(Vm vm) {
                return inventory.node(vm).online();
            }

            @Override
            public List<Disk> disks(Vm vm) {
                return inventory.disks(vm);
            }

            @Override
            public boolean nameTaken(Disk disk, String name) {
                return store.byName(disk.id(), name).isPresent();
            }
        };
    }

    Vm vm(Caller caller, String vmRef) {
        return inventory.vm(caller, vmRef);
    }

    /**
     * {@link #vm}, its row locked until the transaction ends and read again after the lock: every create, delete,
     * rollback and restore of a VM's snapshots decides under this lock, so each sees the others' effects (a VM held
     * by a rollback, a task queued by a create) and their tasks take their places in the disks' lanes in that order.
     */
    Vm vmForChange(Caller caller, String vmRef) {
        return forChange(List.of(vm(caller, vmRef))).get(0);
    }

    /** The VMs again, locked as {@link #vmForChange} locks one (in id order: two callers never wait in a circle). */
    List<Vm> forChange(List<Vm> vms) {
        Map<Long, Vm> fresh = inventory.vmsForChange(vms.stream().map(Vm::id).toList());
        return vms.stream()
                .map(vm ->
                        Optional.ofNullable(fresh.get(vm.id())).orElseThrow(() -> new NotFoundException(ObjectKind.VM)))
                .toList();
    }

    Disk disk(Vm vm, int position) {
        return inventory.deployedDisk(vm, position);
    }

    SnapshotStore.Row find(Disk disk, String name) {
        return store.byName(disk.id(), name).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
    }

    /**
     * The lookups the checks before a create need, answered by the database per call or, in a batch, from figures
     * loaded for all its creates at once. The checks themselves are the same either way.
     */
    interface CreateFacts {
        boolean nodeOnline(Vm vm);

        /** The VM's attached disks. */
        List<Disk> disks(Vm vm);

        boolean nameTaken(Disk disk, String name);
    }

    /**
     * The checks every create makes before it changes anything, in Danube's order: node (423), disk (412), name
     * (406), VM installed and operational (403/423). Quotas come after ({@link #requireWithinQuota}). Returns the
     * disk to snapshot.
     */
    Disk requireCreatable(Caller caller, Vm vm, CreateSnapshotCommand command, CreateFacts facts) {
        if (!facts.nodeOnline(vm)) {
            throw new RuleViolationException(Rule.NODE_NOT_OPERATIONAL);
        }
        if (!vm.installed()) {
            throw new RuleViolationException(Rule.INVALID_DISK_ID);
        }
        Disk disk = facts.disks(vm).stream()
                .filter(d -> d.position() != null && d.position() == command.diskPosition())
                .findFirst()
                .orElseThrow(() -> new RuleViolationException(Rule.INVALID_DISK_ID));
        if (facts.nameTaken(disk, command.name())) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
        }
        requireOperational(caller, vm);
        return disk;
    }

    /** {@link #requireCreatable} asking the database. */
    Disk requireCreatable(Caller caller, Vm vm, CreateSnapshotCommand command) {
        return requireCreatable(caller, vm, command, fromDatabase);
    }

    Node node(Vm vm) {
        return inventory.node(vm);
    }

    void requireNode(Vm vm) {
        if (!inventory.node(vm).online()) {
            throw new RuleViolationException(Rule.NODE_NOT_OPERATIONAL);
        }
    }

    void requireOperational(Caller caller, Vm vm) {
        if (!vm.installed() && !caller.isAdmin()) {
            throw new RuleViolationException(Rule.VM_NOT_INSTALLED);
        }
        if (!vm.state().operational()) {
            throw new RuleViolationException(Rule.VM_NOT_OPERATIONAL);
        }
    }

    /**
     * The VM's count and size quotas and the DC's size limit allow one more snapshot of {@code type}. Takes a VM from
     * {@link #vmForChange}: its row is held until the transaction ends, so concurrent creates on one VM are counted
     * in turn.
     */
    void requireWithinQuota(Vm vm, SnapshotType type) {
        VmSnapshotLimits limits = inventory.snapshotLimits(vm);
        Optional<Long> dcLimit = settings.of(vm.dcId()).snapshotDcSizeLimitMb();
        if (!limits.any() && dcLimit.isEmpty()) {
            return;
        }
        boolean vmSized = limits.sizeMb().isPresent() || limits.sizePercent().isPresent();
        var usage = new SnapshotQuota.Usage(
                SnapshotQuota.countLimit(type, limits).isPresent() ? store.countOfType(vm.id(), type) : 0,
                vmSized ? store.sizedBytesOfVm(vm.id()) : 0,
                limits.sizePercent().isPresent() ? diskBytes(vm) : 0,
                dcLimit.isPresent() ? store.sizedBytesOfDc(vm.dcId()) : 0);
        SnapshotQuota.require(type, limits, dcLimit, usage);
    }

    private long diskBytes(Vm vm) {
        return inventory.disks(vm).stream().mapToLong(Disk::sizeBytes).sum();
    }

    void requireOk(Snapshot s) {
        if (s.status() != SnapshotStatus.OK) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
    }

    void requireStoppedAndIdle(Vm vm) {
        if (vm.state() != VmState.STOPPED) {
            throw new RuleViolationException(Rule.VM_NOT_STOPPED);
        }
        if (tasks.vmBusy(vm.id())) {
            throw new RuleViolationException(Rule.VM_HAS_PENDING_TASKS);
        }
    }

    /** Holds the VM (NOTREADY) for the task; compare-and-set from {@code from}. */
    void lockVm(Vm vm, VmState from) {
        if (!inventory.transition(vm.id(), EnumSet.of(from), VmState.NOTREADY)) {
            throw new RuleViolationException(from == VmState.STOPPED ? Rule.VM_NOT_STOPPED : Rule.VM_NOT_OPERATIONAL);
        }
    }
}

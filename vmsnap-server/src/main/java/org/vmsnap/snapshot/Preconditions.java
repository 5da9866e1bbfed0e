package org.vmsnap.snapshot;

import java.util.EnumSet;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmSnapshotLimits;
import org.vmsnap.inventory.VmState;
import org.vmsnap.settings.SettingsService;
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

    Preconditions(InventoryService inventory, SnapshotStore store, TaskService tasks, SettingsService settings) {
        this.inventory = inventory;
        this.store = store;
        this.tasks = tasks;
        this.settings = settings;
    }

    Vm vm(Caller caller, String vmRef) {
        return inventory.vm(caller, vmRef);
    }

    Disk disk(Vm vm, int position) {
        return inventory.deployedDisk(vm, position);
    }

    SnapshotStore.Row find(Disk disk, String name) {
        return store.byName(disk.id(), name).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
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
     * The VM's count and size quotas and the DC's size limit allow one more snapshot of {@code type}. When any is
     * set, the VM's row is held until the transaction ends, so concurrent creates on one VM are counted in turn.
     */
    void requireWithinQuota(Vm vm, SnapshotType type) {
        VmSnapshotLimits limits = inventory.snapshotLimits(vm);
        Optional<Long> dcLimit = settings.of(vm.dcId()).snapshotDcSizeLimitMb();
        if (!limits.any() && dcLimit.isEmpty()) {
            return;
        }
        inventory.lockForQuota(vm);
        boolean vmSized = limits.sizeMb().isPresent() || limits.sizePercent().isPresent();
        var usage = new SnapshotQuota.Usage(
                SnapshotQuota.countLimit(type, limits).isPresent() ? store.countOfType(vm.id(), type) : 0,
                vmSized ? store.sizedBytesOfVm(vm.id()) : 0,
                limits.sizePercent().isPresent() ? diskBytes(vm) : 0,
                dcLimit.isPresent() ? store.sizedBytesOfDc(vm.dcId()) : 0);
        SnapshotQuota.refusal(type, limits, dcLimit, usage).ifPresent(rule -> {
            throw new RuleViolationException(rule, SnapshotQuota.describe(rule));
        });
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

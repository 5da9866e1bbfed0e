package org.vmsnap.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.RuntimeStats;
import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.StorageException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskService;

/**
 * Usage figures of a VM (HOSTKEY {@code load_stats}). Loading measures every disk's image on its lane, so the
 * figures never come from an image in the middle of a change; reading them afterwards is a database read plus,
 * for a running VM, one call to {@link RuntimeStats}. Thread-safe.
 */
@Service
public class VmUsageService {
    private final Preconditions checks;
    private final SnapshotStore store;
    private final ImageSizes sizes;
    private final InventoryService inventory;
    private final TaskService tasks;
    private final ObjectProvider<RuntimeStats> runtime;

    VmUsageService(
            Preconditions checks,
            SnapshotStore store,
            ImageSizes sizes,
            InventoryService inventory,
            TaskService tasks,
            ObjectProvider<RuntimeStats> runtime) {
        this.checks = checks;
        this.store = store;
        this.sizes = sizes;
        this.inventory = inventory;
        this.tasks = tasks;
        this.runtime = runtime;
    }

    /** Starts measuring the VM's images; {@link #of(Task)} gives the figures once the task is done. */
    @Transactional
    public Task load(Caller caller, String vmRef) {
        Vm vm = checks.vm(caller, vmRef);
        checks.requireNode(vm);
        List<Disk> disks = vm.installed() ? inventory.disks(vm) : List.of();
        var request = SnapshotTasks.request(
                TaskKind.VM_STATS, caller, vm, disks, false, Map.of(), "Load statistics of server", "");
        return tasks.submit(request, () -> measure(disks));
    }

    /** The figures of the VM a {@link TaskKind#VM_STATS} task measured; empty for other tasks or a gone VM. */
    public Optional<VmUsage> of(Task task) {
        if (task.kind() != TaskKind.VM_STATS || task.vmId() == null) {
            return Optional.empty();
        }
        return inventory.vm(task.vmId()).map(this::usage);
    }

    private VmUsage usage(Vm vm) {
        List<VmUsage.DiskUsage> disks = inventory.disks(vm).stream()
                .filter(d -> d.position() != null)
                .map(d -> {
                    List<Snapshot> snapshots = store.ofDisk(d.id()).stream()
                            .map(SnapshotStore.Row::snapshot)
                            .toList();
                    long bytes = snapshots.stream()
                            .mapToLong(s -> s.exclusiveBytes() == null ? 0 : s.exclusiveBytes())
                            .sum();
                    return new VmUsage.DiskUsage(d.position(), d.uuid(), d.sizeBytes(), snapshots.size(), bytes);
                })
                .toList();
        Optional<RuntimeUsage> live = Optional.empty();
        if (vm.state() == VmState.RUNNING) {
            RuntimeStats stats = runtime.getIfAvailable();
            live = stats == null ? Optional.empty() : stats.of(vm);
        }
        return new VmUsage(vm.id(), vm.state(), disks, live);
    }

    private TaskOutcome measure(List<Disk> disks) {
        for (Disk disk : disks) {
            try {
                sizes.refresh(disk);
            } catch (StorageException e) {
                return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
            }
        }
        return TaskOutcome.ok("Statistics successfully loaded");
    }
}

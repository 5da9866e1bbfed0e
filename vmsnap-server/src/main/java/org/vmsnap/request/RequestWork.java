package org.vmsnap.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.snapshot.CreateSnapshotCommand;
import org.vmsnap.snapshot.NewerSnapshots;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotType;
import org.vmsnap.task.Task;

/** The snapshot-module calls a request makes on the disks of its VM; each returns the ids of the tasks started. */
@Component
class RequestWork {
    private static final Pattern MOREF = Pattern.compile("vm-([1-9][0-9]{0,17})");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final InventoryService inventory;
    private final SnapshotService snapshots;

    RequestWork(InventoryService inventory, SnapshotService snapshots) {
        this.inventory = inventory;
        this.snapshots = snapshots;
    }

    /** A VM the caller may see, by moref ({@code vm-<id>}) or uuid; anything else is "not found". */
    Vm vm(Caller caller, String vmRef) {
        var moref = MOREF.matcher(vmRef);
        if (moref.matches()) {
            return inventory
                    .vm(Long.parseLong(moref.group(1)))
                    .filter(vm -> caller.canSee(vm.ownerId(), vm.dcId()))
                    .orElseThrow(() -> new NotFoundException(ObjectKind.VM));
        }
        if (UUID.matcher(vmRef).matches()) {
            return inventory.vm(caller, vmRef.toLowerCase(java.util.Locale.ROOT));
        }
        throw new NotFoundException(ObjectKind.VM);
    }

    Optional<Vm> vm(Long id) {
        return id == null ? Optional.empty() : inventory.vm(id);
    }

    /** The VM's attached disks by position. */
    List<Disk> disks(Vm vm) {
        return inventory.disks(vm).stream()
                .filter(d -> d.position() != null)
                .sorted(Comparator.comparing(Disk::position))
                .toList();
    }

    /**
     * Snapshots every disk; {@code withMemory} on a running VM saves its memory state too, in one task over all
     * disks (on a stopped VM it is a plain disk snapshot).
     */
    List<String> take(Caller caller, Vm vm, String name, String description, boolean withMemory) {
        List<Disk> disks = disks(vm);
        if (withMemory && vm.state() == VmState.RUNNING && !disks.isEmpty()) {
            return List.of(snapshots
                    .createWithMemory(caller, vm.uuid(), name, description)
                    .id());
        }
        List<String> ids = new ArrayList<>();
        for (Disk disk : disks) {
            Task task = snapshots.create(
                    caller,
                    new CreateSnapshotCommand(
                            vm.uuid(), disk.position(), name, description, false, SnapshotType.MANUAL, null));
            ids.add(task.id());
        }
        return ids;
    }

    /** Deletes the named snapshot from every disk that has it; empty when no disk has it (any more). */
    List<String> delete(Caller caller, Vm vm, String name) {
        List<String> ids = new ArrayList<>();
        for (Disk disk : disks(vm)) {
            // asked first: a not-found thrown through the transactional delete would doom the caller's transaction
            if (has(caller, vm, disk, name)) {
                snapshots
                        .delete(caller, vm.uuid(), disk.position(), name)
                        .task()
                        .ifPresent(t -> ids.add(t.id()));
            }
        }
        return ids;
    }

    /**
     * Reverts the {@code index}-th disk (0-based, among those that have the snapshot); empty when there is no such
     * disk. A revert keeps newer snapshots, as VSS's does.
     */
    Optional<String> revert(Caller caller, Vm vm, String name, int index) {
        List<Disk> having =
                disks(vm).stream().filter(d -> has(caller, vm, d, name)).toList();
        if (index >= having.size()) {
            return Optional.empty();
        }
        if (withMemory(caller, vm, having.get(0), name)) {
            // one task brings back all disks and the memory state (a stopped VM is started in that state)
            return index == 0
                    ? Optional.of(
                            snapshots.revertWithMemory(caller, vm.uuid(), name).id())
                    : Optional.empty();
        }
        Disk disk = having.get(index);
        return Optional.of(snapshots
                .rollback(caller, vm.uuid(), disk.position(), name, NewerSnapshots.KEEP)
                .id());
    }

    /** How many of the VM's disks have the named snapshot. */
    int disksWith(Caller caller, Vm vm, String name) {
        return (int) disks(vm).stream().filter(d -> has(caller, vm, d, name)).count();
    }

    private boolean withMemory(Caller caller, Vm vm, Disk disk, String name) {
        return "memory"
                .equals(snapshots
                        .get(caller, vm.uuid(), disk.position(), name)
                        .snapshot()
                        .consistency());
    }

    private boolean has(Caller caller, Vm vm, Disk disk, String name) {
        try {
            snapshots.get(caller, vm.uuid(), disk.position(), name);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}

package org.vmsnap.snapshot;

import static org.vmsnap.snapshot.SnapshotTasks.request;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskService;

/**
 * Deleting one or several snapshots of a disk. Lost snapshots (gone from the image) are removed from the database
 * at once; the others are marked DELETING and removed from the image by a task.
 */
@Component
class Deletion {
    private final Preconditions checks;
    private final SnapshotStore store;
    private final SnapshotWorker worker;
    private final TaskService tasks;

    Deletion(Preconditions checks, SnapshotStore store, SnapshotWorker worker, TaskService tasks) {
        this.checks = checks;
        this.store = store;
        this.worker = worker;
        this.tasks = tasks;
    }

    DeleteResult one(Caller caller, String vmRef, int diskPosition, String name) {
        Vm vm = checks.vmForChange(caller, vmRef);
        checks.requireNode(vm);
        Disk disk = checks.disk(vm, diskPosition);
        Snapshot s = checks.find(disk, name).snapshot();
        checks.requireOperational(caller, vm);
        if (s.status() == SnapshotStatus.LOST) {
            store.delete(s.id());
            return DeleteResult.removedFromDb(logRemoval(caller, vm, "Delete snapshot of server's disk", List.of(s)));
        }
        if (s.status() != SnapshotStatus.OK || !store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING)) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        var request = request(
                TaskKind.SNAPSHOT_DELETE,
                caller,
                vm,
                List.of(disk),
                false,
                Map.of("snapname", name, "disk_id", diskPosition),
                "Delete snapshot of server's disk",
                "snapname='%s', disk_id=%d".formatted(name, diskPosition));
        return DeleteResult.started(
                tasks.submit(request, () -> worker.delete(disk, List.of(s), "Snapshot successfully deleted", "")));
    }

    /** Unknown names are ignored as long as one of them exists (Danube's rule). */
    DeleteResult many(Caller caller, String vmRef, int diskPosition, List<String> names, boolean automatic) {
        Vm vm = checks.vmForChange(caller, vmRef);
        checks.requireNode(vm);
        Disk disk = checks.disk(vm, diskPosition);
        if (names.isEmpty()) {
            throw new RuleViolationException(Rule.INVALID_SNAPNAMES);
        }
        List<Snapshot> found = store.byNames(disk.id(), new LinkedHashSet<>(names)).stream()
                .map(SnapshotStore.Row::snapshot)
                .toList();
        if (found.isEmpty()) {
            throw new NotFoundException(ObjectKind.SNAPSHOT);
        }
        checks.requireOperational(caller, vm);
        List<Snapshot> lost =
                found.stream().filter(s -> s.status() == SnapshotStatus.LOST).toList();
        List<Snapshot> ok =
                found.stream().filter(s -> s.status() == SnapshotStatus.OK).toList();
        if (lost.isEmpty() && ok.size() < found.size()) {
            throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
        }
        String syncId = null;
        if (!lost.isEmpty()) {
            // With lost ones among them, snapshots that are neither lost nor OK are skipped silently.
            lost.forEach(s -> store.delete(s.id()));
            syncId = logRemoval(caller, vm, "Delete snapshots of server's disk", lost);
        }
        if (ok.isEmpty()) {
            return DeleteResult.removedFromDb(syncId);
        }
        for (Snapshot s : ok) {
            if (!store.setStatus(s.id(), SnapshotStatus.OK, SnapshotStatus.DELETING)) {
                throw new RuleViolationException(Rule.SNAPSHOT_STATUS_NOT_OK);
            }
        }
        String detail = "snapnames='%s', disk_id=%d".formatted(String.join(",", names(ok)), diskPosition);
        var request = request(
                TaskKind.SNAPSHOT_DELETE,
                caller,
                vm,
                List.of(disk),
                automatic,
                Map.of("snapnames", names(ok), "disk_id", diskPosition),
                "Delete snapshots of server's disk",
                detail);
        return DeleteResult.started(
                tasks.submit(request, () -> worker.delete(disk, ok, "Snapshots successfully deleted", detail)));
    }

    private String logRemoval(Caller caller, Vm vm, String msg, List<Snapshot> removed) {
        String detail = "snapnames='" + String.join(",", names(removed)) + "'";
        return tasks.logSync(caller, vm.ownerId(), SnapshotTasks.log(vm, msg, detail));
    }

    private static List<String> names(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::name).toList();
    }
}

package org.vmsnap.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;

/**
 * Snapshot requests and whole-VM snapshots for the callers that may see them. A Create due now, a Delete and the
 * first step of a Revert start in the caller's transaction, so a refusal answers the call and leaves no request;
 * later steps are the {@link RequestProcessor}'s. Thread-safe.
 */
@Service
public class SnapshotRequestService {
    private final RequestStore store;
    private final RequestWork work;
    private final VmSnapshots vmSnapshots;
    private final RequestProcessor processor;
    private final ChangeRequests changes;
    private final Clock clock;

    SnapshotRequestService(
            RequestStore store,
            RequestWork work,
            VmSnapshots vmSnapshots,
            RequestProcessor processor,
            ChangeRequests changes,
            Clock clock) {
        this.store = store;
        this.work = work;
        this.vmSnapshots = vmSnapshots;
        this.processor = processor;
        this.changes = changes;
        this.clock = clock;
    }

    /** The VM (by moref {@code vm-<id>} or uuid) and whether it has snapshots. */
    public VmSummary vm(Caller caller, String vmRef) {
        Vm vm = work.vm(caller, vmRef);
        return new VmSummary(vm, !vmSnapshots.of(caller, vm).isEmpty());
    }

    public List<VmSnapshot> snapshots(Caller caller, String vmRef) {
        return vmSnapshots.of(caller, work.vm(caller, vmRef));
    }

    public VmSnapshot snapshot(Caller caller, String vmRef, long snapshotId) {
        Vm vm = work.vm(caller, vmRef);
        return vmSnapshots.find(caller, vm, snapshotId).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
    }

    /** Submits a Create; when its {@code from_date} has come, the snapshots are started before this returns. */
    @Transactional
    public SnapshotRequest create(Caller caller, CreateRequestCommand command) {
        Vm vm = work.vm(caller, command.vmRef());
        Instant now = clock.instant();
        Instant from = command.fromDate().filter(f -> f.isAfter(now)).orElse(now);
        SnapshotRequest draft = new SnapshotRequest(
                0,
                RequestAction.CREATE,
                RequestStatus.SUBMITTED,
                caller.userId(),
                vm.id(),
                vm.hostname(),
                vm.dcId(),
                from,
                command.validForHours(),
                from.plus(Duration.ofHours(command.validForHours())),
                command.description(),
                command.consolidate(),
                command.withMemory(),
                0,
                null,
                List.of(),
                List.of(),
                List.of(),
                now,
                now);
        long id = store.insert(draft);
        store.setSnapshotName(id, SnapshotRequest.nameFor(id));
        SnapshotRequest submitted = store.get(id).orElseThrow();
        if (!from.isAfter(now)) {
            processor.start(submitted, caller, vm, now);
        }
        return store.get(id).orElseThrow();
    }

    /** Submits the deletion of a whole-VM snapshot; it starts at once. */
    @Transactional
    public SnapshotRequest delete(Caller caller, String vmRef, long snapshotId) {
        Vm vm = work.vm(caller, vmRef);
        VmSnapshot target =
                vmSnapshots.find(caller, vm, snapshotId).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
        SnapshotRequest r = insertImmediate(caller, vm, RequestAction.DELETE, target);
        List<String> ids = work.delete(caller, vm, target.name());
        return begin(r, ids);
    }

    /** Submits a revert of every disk to a whole-VM snapshot (newer snapshots are kept); the first disk starts at once. */
    @Transactional
    public SnapshotRequest revert(Caller caller, String vmRef, long snapshotId) {
        Vm vm = work.vm(caller, vmRef);
        VmSnapshot target =
                vmSnapshots.find(caller, vm, snapshotId).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
        SnapshotRequest r = insertImmediate(caller, vm, RequestAction.REVERT, target);
        List<String> ids = work.revert(caller, vm, target.name(), 0).stream().toList();
        return begin(r, ids);
    }

    private SnapshotRequest insertImmediate(Caller caller, Vm vm, RequestAction action, VmSnapshot target) {
        Instant now = clock.instant();
        long id = store.insert(new SnapshotRequest(
                0,
                action,
                RequestStatus.IN_PROGRESS,
                caller.userId(),
                vm.id(),
                vm.hostname(),
                vm.dcId(),
                now,
                0,
                null,
                target.description(),
                false,
                false,
                0,
                target.name(),
                List.of(),
                List.of(),
                List.of(),
                now,
                now));
        return store.get(id).orElseThrow();
    }

    private SnapshotRequest begin(SnapshotRequest r, List<String> taskIds) {
        Instant now = clock.instant();
        store.settle(r, RequestStatus.IN_PROGRESS, taskIds, r.warnings(), r.errors(), now);
        if (taskIds.isEmpty()) {
            processor.settle(r.id(), now);
        } else {
            processor.settleWhenDone(r.id(), taskIds);
        }
        return store.get(r.id()).orElseThrow();
    }

    /**
     * Moves a SCHEDULED Create's deletion {@code hours} later (1 to 72), at most {@link SnapshotRequest#MAX_EXTENSIONS}
     * times.
     */
    @Transactional
    public SnapshotRequest extend(Caller caller, long requestId, int hours) {
        CreateRequestCommand.requireHours("value", hours);
        SnapshotRequest r = get(caller, requestId);
        if (r.action() != RequestAction.CREATE || r.status() != RequestStatus.SCHEDULED) {
            throw InvalidInputException.of(
                    "status",
                    "request " + r.id() + " is " + r.status().wireName() + "; only SCHEDULED requests can be extended");
        }
        if (r.extensions() >= SnapshotRequest.MAX_EXTENSIONS) {
            throw InvalidInputException.of(
                    "extensions",
                    "request " + r.id() + " has been extended " + SnapshotRequest.MAX_EXTENSIONS
                            + " times already (the maximum)");
        }
        if (!store.extend(r, r.toDate().plus(Duration.ofHours(hours)), clock.instant())) {
            throw InvalidInputException.of("status", "request " + r.id() + " changed meanwhile; try again");
        }
        return store.get(requestId).orElseThrow();
    }

    public SnapshotRequest get(Caller caller, long requestId) {
        return store.get(requestId)
                .filter(r -> caller.canSee(r.userId(), r.dcId()))
                .orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
    }

    /** The caller's requests (an admin's: the DC's), oldest first. */
    public List<SnapshotRequest> list(Caller caller) {
        return store.inDc(caller.dcId()).stream()
                .filter(r -> caller.canSee(r.userId(), r.dcId()))
                .toList();
    }

    /**
     * Submits a disk consolidation of the VM as a change request, done at {@code schedule} (now when empty or past:
     * before this returns). On qcow2 there is never anything to consolidate; the request ends PROCESSED saying so.
     */
    @Transactional
    public ChangeRequest consolidate(Caller caller, String vmRef, Optional<Instant> schedule) {
        return changes.consolidate(caller, work.vm(caller, vmRef), schedule);
    }

    /** A change request the caller may see. */
    public Optional<ChangeRequest> changeRequest(Caller caller, long requestId) {
        return changes.get(caller, requestId);
    }

    /** The caller's change requests (an admin's: the DC's), oldest first. */
    public List<ChangeRequest> changeRequests(Caller caller) {
        return changes.list(caller);
    }
}

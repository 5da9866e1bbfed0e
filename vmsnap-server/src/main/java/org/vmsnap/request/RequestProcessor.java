package org.vmsnap.request;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.VmsnapException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskService;
import org.vmsnap.task.TaskState;

/**
 * Moves requests along: starts Creates whose {@code from_date} has come, deletes their snapshots at
 * {@code to_date}, and settles requests whose tasks have finished. Every step is a compare-and-set on the
 * request's status, so two ticks (or replicas) never do one step twice. Driven by {@link #tick}; a finished task
 * also settles its request at once.
 */
@Component
public class RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);
    private static final int EXPIRY_ATTEMPTS = 3;
    private static final String RETRYING = "Deletion will be retried: ";

    private final RequestStore store;
    private final RequestWork work;
    private final TaskService tasks;
    private final AccessService access;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ChangeRequests changes;

    RequestProcessor(
            RequestStore store,
            RequestWork work,
            TaskService tasks,
            AccessService access,
            TransactionTemplate tx,
            Clock clock,
            ChangeRequests changes) {
        this.changes = changes;
        this.store = store;
        this.work = work;
        this.tasks = tasks;
        this.access = access;
        this.tx = tx;
        this.clock = clock;
    }

    /** Does the work due at {@code now} (change requests too); returns how many requests took a step. */
    public int tick(Instant now) {
        int steps = 0;
        for (SnapshotRequest r : store.withStatus(EnumSet.of(RequestStatus.SUBMITTED))) {
            if (!r.fromDate().isAfter(now) && startDue(r, now)) {
                steps++;
            }
        }
        for (SnapshotRequest r : store.withStatus(EnumSet.of(RequestStatus.SCHEDULED))) {
            if (r.toDate() != null && !r.toDate().isAfter(now) && expire(r, now)) {
                steps++;
            }
        }
        for (SnapshotRequest r : store.withStatus(EnumSet.of(RequestStatus.IN_PROGRESS, RequestStatus.EXPIRING))) {
            if (settle(r.id(), now)) {
                steps++;
            }
        }
        return steps + changes.tick(now);
    }

    /**
     * Takes a Create's snapshots now, in the caller's transaction: a refusal (limits, VM state) propagates and
     * nothing is recorded.
     */
    void start(SnapshotRequest r, Caller caller, Vm vm, Instant now) {
        if (!store.transition(r.id(), RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS, now)) {
            return;
        }
        List<String> ids = work.take(caller, vm, r.snapshotName(), r.description(), r.withMemory());
        SnapshotRequest running = store.get(r.id()).orElseThrow();
        store.settle(running, RequestStatus.IN_PROGRESS, ids, r.warnings(), r.errors(), now);
        settleWhenDone(r.id(), ids);
    }

    private boolean startDue(SnapshotRequest r, Instant now) {
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                Optional<Vm> vm = work.vm(r.vmId());
                if (vm.isEmpty()) {
                    return fail(r, "VM not found", now);
                }
                start(r, access.systemCaller(vm.get().dcId()), vm.get(), now);
                return true;
            }));
        } catch (VmsnapException e) {
            return fail(r, "Snapshot " + r.snapshotName() + " could not be created: " + Messages.of(e), now);
        }
    }

    private boolean expire(SnapshotRequest r, Instant now) {
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                if (!store.transition(r.id(), RequestStatus.SCHEDULED, RequestStatus.EXPIRING, now)) {
                    return false;
                }
                SnapshotRequest expiring = store.get(r.id()).orElseThrow();
                Optional<Vm> vm = work.vm(r.vmId());
                List<String> ids = vm.map(v -> work.delete(access.systemCaller(v.dcId()), v, r.snapshotName()))
                        .orElse(List.of());
                if (ids.isEmpty()) {
                    return store.settle(
                            expiring,
                            RequestStatus.PROCESSED,
                            List.of(),
                            plus(
                                    r.warnings(),
                                    "Snapshot " + r.snapshotName() + " no longer existed at " + Messages.at(now)),
                            r.errors(),
                            now);
                }
                store.settle(expiring, RequestStatus.EXPIRING, ids, r.warnings(), r.errors(), now);
                settleWhenDone(r.id(), ids);
                return true;
            }));
        } catch (VmsnapException e) {
            // the VM is busy or its node away: the deletion is tried again on the next tick
            log.warn("snapshot {} of request {} not deleted yet: {}", r.snapshotName(), r.id(), e.getMessage());
            return false;
        }
    }

    /** Ends the request's current step if all its tasks have finished; true when it moved. */
    boolean settle(long id, Instant now) {
        Optional<SnapshotRequest> found = store.get(id);
        if (found.isEmpty()
                || found.get().status() != RequestStatus.IN_PROGRESS
                        && found.get().status() != RequestStatus.EXPIRING) {
            return false;
        }
        SnapshotRequest r = found.get();
        List<Task> done = new ArrayList<>();
        for (String taskId : r.taskIds()) {
            Optional<Task> task = tasks.get(taskId);
            if (task.isPresent() && !task.get().state().done()) {
                return false;
            }
            task.ifPresent(done::add);
        }
        List<String> failures = done.stream()
                .filter(t -> t.state() != TaskState.SUCCESS)
                .map(t -> t.outcome().map(o -> o.message()).orElse(t.state().name()))
                .toList();
        if (!failures.isEmpty()) {
            String what = switch (r.action()) {
                case CREATE -> r.status() == RequestStatus.EXPIRING ? "deleted" : "created";
                case DELETE -> "deleted";
                case REVERT -> "reverted to";
            };
            String error =
                    "Snapshot " + r.snapshotName() + " could not be " + what + ": " + String.join("; ", failures);
            if (r.action() == RequestAction.CREATE && r.status() == RequestStatus.EXPIRING) {
                return retryExpiry(r, error, now);
            }
            if (store.settle(r, RequestStatus.ERROR, r.taskIds(), r.warnings(), plus(r.errors(), error), now)) {
                if (r.action() == RequestAction.CREATE) {
                    removePartial(r); // the disks that did get the snapshot must not keep it forever
                }
                return true;
            }
            return false;
        }
        return switch (r.action()) {
            case CREATE ->
                r.status() == RequestStatus.IN_PROGRESS
                        ? store.settle(
                                r,
                                RequestStatus.SCHEDULED,
                                r.taskIds(),
                                plus(r.warnings(), Messages.created(r, disksWith(r, done.size()))),
                                r.errors(),
                                now)
                        : processed(r, "Snapshot " + r.snapshotName() + " deleted at " + Messages.at(now), now);
            case DELETE -> processed(r, "Snapshot " + r.snapshotName() + " deleted", now);
            case REVERT -> revertNext(r, now);
        };
    }

    /** How many disks got the request's snapshot (one task may have taken it on all of them). */
    private int disksWith(SnapshotRequest r, int tasks) {
        return work.vm(r.vmId())
                .map(vm -> work.disksWith(access.systemCaller(vm.dcId()), vm, r.snapshotName()))
                .orElse(tasks);
    }

    /** Disks are reverted one after another (each holds the VM); the next one starts when the last is done. */
    private boolean revertNext(SnapshotRequest r, Instant now) {
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                Optional<Vm> vm = work.vm(r.vmId());
                Optional<String> next = vm.flatMap(v -> work.revert(
                        access.systemCaller(v.dcId()),
                        v,
                        r.snapshotName(),
                        r.taskIds().size()));
                if (next.isEmpty()) {
                    return processed(r, "VM reverted to snapshot " + r.snapshotName(), now);
                }
                List<String> ids = plus(r.taskIds(), next.get());
                if (store.settle(r, RequestStatus.IN_PROGRESS, ids, r.warnings(), r.errors(), now)) {
                    settleWhenDone(r.id(), List.of(next.get()));
                    return true;
                }
                s.setRollbackOnly();
                return false;
            }));
        } catch (VmsnapException e) {
            String error = "Snapshot " + r.snapshotName() + " could not be reverted to: " + Messages.of(e);
            return store.settle(r, RequestStatus.ERROR, r.taskIds(), r.warnings(), plus(r.errors(), error), now);
        }
    }

    /**
     * A failed deletion at expiry (e.g. interrupted by a restart) is tried again on the next tick, up to
     * {@link #EXPIRY_ATTEMPTS} times; then the request ends in ERROR with the snapshot still there.
     */
    private boolean retryExpiry(SnapshotRequest r, String error, Instant now) {
        long failed = r.warnings().stream().filter(w -> w.startsWith(RETRYING)).count() + 1;
        if (failed >= EXPIRY_ATTEMPTS) {
            return store.settle(r, RequestStatus.ERROR, r.taskIds(), r.warnings(), plus(r.errors(), error), now);
        }
        return store.settle(
                r, RequestStatus.SCHEDULED, List.of(), plus(r.warnings(), RETRYING + error), r.errors(), now);
    }

    private void removePartial(SnapshotRequest r) {
        try {
            work.vm(r.vmId()).ifPresent(vm -> work.delete(access.systemCaller(vm.dcId()), vm, r.snapshotName()));
        } catch (VmsnapException e) {
            log.warn("snapshot {} of failed request {} not removed: {}", r.snapshotName(), r.id(), e.getMessage());
        }
    }

    private boolean processed(SnapshotRequest r, String warning, Instant now) {
        return store.settle(r, RequestStatus.PROCESSED, r.taskIds(), plus(r.warnings(), warning), r.errors(), now);
    }

    private boolean fail(SnapshotRequest r, String error, Instant now) {
        return store.get(r.id())
                .map(current -> store.settle(
                        current, RequestStatus.ERROR, List.of(), r.warnings(), plus(r.errors(), error), now))
                .orElse(false);
    }

    /** After the current transaction commits, each finished task settles the request at once. */
    void settleWhenDone(long requestId, List<String> taskIds) {
        Runnable hook = () -> taskIds.forEach(id -> tasks.whenDone(id, t -> settleQuietly(requestId)));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    hook.run();
                }
            });
        } else {
            hook.run();
        }
    }

    private void settleQuietly(long requestId) {
        try {
            settle(requestId, clock.instant());
        } catch (RuntimeException e) {
            log.warn("request {} not settled yet (next tick will): {}", requestId, e.getMessage());
        }
    }

    private static List<String> plus(List<String> list, String value) {
        List<String> out = new ArrayList<>(list);
        out.add(value);
        return out;
    }
}

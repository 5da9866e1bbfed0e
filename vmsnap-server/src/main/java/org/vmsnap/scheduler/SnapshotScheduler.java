package org.vmsnap.scheduler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.policy.DefinitionService;
import org.vmsnap.policy.Retention;
import org.vmsnap.policy.SnapshotDefinition;
import org.vmsnap.shared.VmsnapException;
import org.vmsnap.snapshot.CreateOutcome;
import org.vmsnap.snapshot.CreateSnapshotCall;
import org.vmsnap.snapshot.CreateSnapshotCommand;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotType;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.TaskService;

/**
 * Time to service calls: each tick fires the definitions that are due (a missed tick fires once), as the system
 * user, with Danube's automatic names {@code <define>-YYYYMMDD_HHMMSS}; after each successful automatic snapshot
 * the definition's retention is applied. Never an HTTP request. A tick works in two halves. First it queues the
 * firing of every due definition (narrow {@code snapshot_firing} rows, quick to write even for thousands due in one
 * minute). Then it makes a snapshot task of each queued firing: the firing leaves the queue and its definition's
 * {@code next_run} moves on (compare-and-set) in the same transaction that records the snapshot's intent and task.
 * So with several replicas on one database each firing happens exactly once: replicas split the due definitions
 * and the queue between them ({@code SKIP LOCKED}), and firings a dying replica queued or left half-made are made
 * by the next tick of any replica.
 */
@Component
public class SnapshotScheduler {
    private static final Logger log = LoggerFactory.getLogger(SnapshotScheduler.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final int BATCH = 500;
    private static final int QUEUE_BATCH = 2000;

    private final DefinitionService definitions;
    private final SnapshotService snapshots;
    private final InventoryService inventory;
    private final AccessService access;
    private final TaskService tasks;
    private final TransactionTemplate batchTx;

    public SnapshotScheduler(
            DefinitionService definitions,
            SnapshotService snapshots,
            InventoryService inventory,
            AccessService access,
            TaskService tasks,
            PlatformTransactionManager transactions) {
        this.definitions = definitions;
        this.snapshots = snapshots;
        this.inventory = inventory;
        this.access = access;
        this.tasks = tasks;
        this.batchTx = new TransactionTemplate(transactions);
    }

    /** Fires everything due at {@code now}; returns how many snapshots it started. */
    public int tick(Instant now) {
        queue(now);
        return fireQueued(now);
    }

    /**
     * The first half of a tick: the firing at {@code now} of every due definition queued, in transactions of
     * {@link #QUEUE_BATCH}; returns how many were queued. Each queued firing becomes exactly one task in
     * {@link #fireQueued}, also when this process dies before it gets there (the next tick, of any replica, does).
     */
    public int queue(Instant now) {
        int queued = 0;
        int found;
        do {
            found = batchTx.execute(status -> definitions.queueDue(now, QUEUE_BATCH));
            queued += found;
        } while (found == QUEUE_BATCH);
        return queued;
    }

    /**
     * The second half of a tick: every queued firing (this tick's, and any a dead process left) made a snapshot
     * task, in transactions of {@link #BATCH}; returns how many snapshots it started.
     */
    public int fireQueued(Instant now) {
        // The tasks of every batch start when the whole tick is done: not competing with its later batches
        return tasks.queueingAfter(() -> {
            Map<Long, Caller> systemCallers = new HashMap<>(); // per DC, for this tick
            int started = 0;
            Batch batch;
            do {
                try {
                    batch = batchTx.execute(status -> fireBatch(now, systemCallers, BATCH));
                } catch (RuntimeException e) {
                    // one of them poisons the whole batch: fire them one by one, dropping the one that fails
                    log.warn("a batch of scheduled snapshots failed ({}); firing them one by one", e.toString());
                    batch = fireSingly(now, systemCallers);
                }
                started += batch.started();
            } while (batch.found() == BATCH);
            return started;
        });
    }

    /**
     * Up to {@link #BATCH} queued firings, each in its own transaction; a firing that fails even alone is taken off
     * the queue (its definition claimed, so it is due again at its next time) with its failure in the task log, so
     * it cannot hold up the firings behind it tick after tick.
     */
    private Batch fireSingly(Instant now, Map<Long, Caller> systemCallers) {
        int found = 0;
        int started = 0;
        for (int i = 0; i < BATCH; i++) {
            Batch one;
            try {
                one = batchTx.execute(status -> fireBatch(now, systemCallers, 1));
            } catch (RuntimeException e) {
                one = dropOldest(now, systemCallers, e);
            }
            if (one.found() == 0) {
                break;
            }
            found += one.found();
            started += one.started();
        }
        return new Batch(found, started);
    }

    /** Takes the oldest queued firing off the queue without firing it, and logs why. */
    private Batch dropOldest(Instant now, Map<Long, Caller> systemCallers, RuntimeException why) {
        return batchTx.execute(status -> {
            DefinitionService.Taken taken = definitions.takeQueued(now, 1);
            List<TaskService.FailedCall> failures = new ArrayList<>();
            for (DefinitionService.Firing claimed : taken.claimed()) {
                inventory.vm(claimed.definition().vmId()).ifPresent(vm -> {
                    Firing firing = firing(claimed, vm, systemCallers);
                    log.error(
                            "scheduled snapshot {} of {} could not be made and is dropped",
                            firing.name(),
                            vm.hostname(),
                            why);
                    failures.add(failure(
                            firing, "could not be made (" + why.getClass().getSimpleName() + ")"));
                });
            }
            tasks.logFailures(failures);
            return new Batch(taken.taken(), 0);
        });
    }

    private Firing firing(DefinitionService.Firing claimed, Vm vm, Map<Long, Caller> systemCallers) {
        SnapshotDefinition definition = claimed.definition();
        Caller system = systemCallers.computeIfAbsent(vm.dcId(), access::systemCaller);
        String stamp = STAMP.format(claimed.at().truncatedTo(ChronoUnit.SECONDS));
        return new Firing(definition, vm, system, definition.name() + "-" + stamp);
    }

    private record Batch(int found, int started) {}

    /** A claimed firing, about to be asked of the snapshot service. */
    private record Firing(SnapshotDefinition definition, Vm vm, Caller system, String name) {
        String detail() {
            return "snapname=%s, disk_id=%d, type=1".formatted(name, definition.diskPosition());
        }
    }

    /**
     * One transaction: takes up to {@link #BATCH} queued firings and fires them with one call to the snapshot
     * service; the refused and skipped ones are logged, and leave the queue either way.
     */
    private Batch fireBatch(Instant now, Map<Long, Caller> systemCallers, int limit) {
        DefinitionService.Taken taken = definitions.takeQueued(now, limit);
        List<DefinitionService.Firing> due = taken.claimed();
        Map<Long, Vm> vms =
                inventory.vms(due.stream().map(f -> f.definition().vmId()).collect(Collectors.toSet()));
        Set<Long> running = snapshots.definitionsWithPending(
                due.stream().map(f -> f.definition().id()).toList());
        List<TaskService.FailedCall> failures = new ArrayList<>();
        List<Firing> firings = new ArrayList<>();
        for (DefinitionService.Firing claimed : due) {
            SnapshotDefinition definition = claimed.definition();
            Vm vm = vms.get(definition.vmId());
            if (vm == null) {
                continue;
            }
            Firing firing = firing(claimed, vm, systemCallers);
            if (running.contains(definition.id())) {
                log.info("skipping {} of {}: its previous snapshot is still running", definition.name(), vm.hostname());
                failures.add(failure(firing, "previous snapshot still running"));
            } else {
                firings.add(firing);
            }
        }
        List<CreateOutcome> outcomes = snapshots.createAll(firings.stream()
                .map(f -> new CreateSnapshotCall(f.system(), command(f)))
                .toList());
        int started = 0;
        for (int i = 0; i < firings.size(); i++) {
            Firing f = firings.get(i);
            if (outcomes.get(i) instanceof CreateOutcome.Started s) {
                tasks.whenDone(s.task().id(), done -> {
                    if (done.outcome().map(o -> o.success()).orElse(false)) {
                        applyRetention(f.system(), f.vm(), f.definition());
                    }
                });
                started++;
            } else if (outcomes.get(i) instanceof CreateOutcome.Refused r) {
                log.warn(
                        "scheduled snapshot {} of {} refused: {}",
                        f.name(),
                        f.vm().hostname(),
                        r.reason().getMessage());
                failures.add(failure(f, r.reason().getMessage()));
            }
        }
        tasks.logFailures(failures);
        return new Batch(taken.taken(), started);
    }

    private static CreateSnapshotCommand command(Firing f) {
        return new CreateSnapshotCommand(
                f.vm().uuid(),
                f.definition().diskPosition(),
                f.name(),
                "",
                f.definition().fsfreeze(),
                SnapshotType.AUTOMATIC,
                f.definition().id());
    }

    private static TaskService.FailedCall failure(Firing f, String error) {
        return new TaskService.FailedCall(f.system(), f.vm().ownerId(), info(f.vm(), f.detail() + ". Error: " + error));
    }

    private void applyRetention(Caller system, Vm vm, SnapshotDefinition definition) {
        int retention = definitions.retentionOf(definition.id()).orElse(0);
        List<String> doomed = Retention.toDelete(snapshots.ofDefinition(definition.id()), retention);
        if (doomed.isEmpty()) {
            return;
        }
        try {
            snapshots.deleteMany(system, vm.uuid(), definition.diskPosition(), doomed, true);
        } catch (VmsnapException e) {
            log.warn("retention of {} on {} failed: {}", definition.name(), vm.hostname(), e.getMessage());
            tasks.logFailure(
                    system,
                    vm.ownerId(),
                    new LogInfo(
                            "Delete snapshots of server's disk",
                            "snapnames='" + String.join(",", doomed) + "'. Error: " + e.getMessage(),
                            "vm",
                            vm.hostname(),
                            vm.alias()));
        }
    }

    private static LogInfo info(Vm vm, String detail) {
        return new LogInfo("Create snapshot of server's disk", detail, "vm", vm.hostname(), vm.alias());
    }
}

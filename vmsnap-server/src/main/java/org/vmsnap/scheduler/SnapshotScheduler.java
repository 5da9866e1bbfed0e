package org.vmsnap.scheduler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.policy.DefinitionService;
import org.vmsnap.policy.Retention;
import org.vmsnap.policy.SnapshotDefinition;
import org.vmsnap.shared.VmsnapException;
import org.vmsnap.snapshot.CreateSnapshotCommand;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotStatus;
import org.vmsnap.snapshot.SnapshotType;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskService;

/**
 * Time to service calls: each tick fires the definitions that are due (a missed tick fires once), as the system
 * user, with Danube's automatic names {@code <define>-YYYYMMDD_HHMMSS}; after each successful automatic snapshot
 * the definition's retention is applied. Never an HTTP request. Each firing is claimed in the database in the
 * same transaction that records the snapshot's intent and task, so with several replicas on one database a tick
 * fires exactly once: replicas split the due definitions between them ({@code SKIP LOCKED}), and one that dies
 * mid-batch leaves its claims undone for the next tick.
 */
@Component
public class SnapshotScheduler {
    private static final Logger log = LoggerFactory.getLogger(SnapshotScheduler.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final int BATCH = 100;

    private final DefinitionService definitions;
    private final SnapshotService snapshots;
    private final InventoryService inventory;
    private final AccessService access;
    private final TaskService tasks;
    private final TransactionTemplate batchTx;
    private final TransactionTemplate nestedTx;

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
        this.nestedTx = new TransactionTemplate(transactions);
        nestedTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Fires everything due at {@code now}; returns how many snapshots it started. */
    public int tick(Instant now) {
        int started = 0;
        Batch batch;
        do {
            batch = batchTx.execute(status -> fireBatch(now));
            started += batch.started();
        } while (batch.found() == BATCH);
        return started;
    }

    private record Batch(int found, int started) {}

    /** One transaction: claims and fires up to {@link #BATCH} due definitions. */
    private Batch fireBatch(Instant now) {
        List<SnapshotDefinition> due = definitions.lockDue(now, BATCH);
        int started = 0;
        for (SnapshotDefinition definition : due) {
            if (definitions.claim(definition, now) && fire(definition, now)) {
                started++;
            }
        }
        return new Batch(due.size(), started);
    }

    private boolean fire(SnapshotDefinition definition, Instant now) {
        Vm vm = inventory.vm(definition.vmId()).orElse(null);
        if (vm == null) {
            return false;
        }
        Caller system = access.systemCaller(vm.dcId());
        String name = definition.name() + "-" + STAMP.format(now.truncatedTo(ChronoUnit.SECONDS));
        String detail = "snapname=%s, disk_id=%d, type=1".formatted(name, definition.diskPosition());
        boolean running =
                snapshots.ofDefinition(definition.id()).stream().anyMatch(s -> s.status() == SnapshotStatus.PENDING);
        if (running) {
            log.info("skipping {} of {}: its previous snapshot is still running", definition.name(), vm.hostname());
            tasks.logFailure(system, vm.ownerId(), info(vm, detail + ". Error: previous snapshot still running"));
            return false;
        }
        var command = new CreateSnapshotCommand(
                vm.uuid(),
                definition.diskPosition(),
                name,
                "",
                definition.fsfreeze(),
                SnapshotType.AUTOMATIC,
                definition.id());
        Task task;
        try {
            // a savepoint: a refused snapshot rolls back alone, the claim and the log line stay
            task = nestedTx.execute(status -> snapshots.create(system, command));
        } catch (VmsnapException e) {
            log.warn("scheduled snapshot {} of {} refused: {}", name, vm.hostname(), e.getMessage());
            tasks.logFailure(system, vm.ownerId(), info(vm, detail + ". Error: " + e.getMessage()));
            return false;
        }
        tasks.whenDone(task.id(), done -> {
            if (done.outcome().map(o -> o.success()).orElse(false)) {
                applyRetention(system, vm, definition);
            }
        });
        return true;
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

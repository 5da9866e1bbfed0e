package org.vmsnap.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.policy.cron.CronSchedule;
import org.vmsnap.policy.cron.InvalidCronException;
import org.vmsnap.policy.cron.SchedulePresets;
import org.vmsnap.settings.DcSettings;
import org.vmsnap.settings.SettingsService;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.TaskService;

/**
 * Snapshot definitions: a 5-field UTC cron schedule and a retention per VM disk. Reads are open to the VM's owner;
 * writes need an admin. Every write logs one task-log line and recomputes {@code next_run}. Thread-safe.
 */
@Service
public class DefinitionService {
    /** Danube's bound for retention when the DC sets no VMS_VM_SNAPSHOT_LIMIT_AUTO. */
    public static final int MAX_RETENTION = 65536;

    private final DefinitionStore store;
    private final FiringStore firings;
    private final InventoryService inventory;
    private final SnapshotService snapshots;
    private final TaskService tasks;
    private final SettingsService settings;
    private final Clock clock;
    private final Random random = new Random();

    public DefinitionService(
            DefinitionStore store,
            FiringStore firings,
            InventoryService inventory,
            SnapshotService snapshots,
            TaskService tasks,
            SettingsService settings,
            Clock clock) {
        this.store = store;
        this.firings = firings;
        this.inventory = inventory;
        this.snapshots = snapshots;
        this.tasks = tasks;
        this.settings = settings;
        this.clock = clock;
    }

    /** The retention a definition may have in the caller's DC ({@code VMS_VM_SNAPSHOT_LIMIT_AUTO}). */
    public RetentionBounds retentionBounds(Caller caller) {
        return retentionBounds(settings.of(caller.dcId()));
    }

    private static RetentionBounds retentionBounds(DcSettings dc) {
        return dc.snapshotLimitAuto()
                .map(limit -> new RetentionBounds(1, limit))
                .orElse(new RetentionBounds(0, MAX_RETENTION));
    }

    /** Definitions of every VM the caller sees in the DC, in id order. */
    public List<DefinitionView> listAll(Caller caller) {
        return views(inventory.vms(caller));
    }

    /** Definitions of one VM, optionally of one disk, in id order. */
    public List<DefinitionView> list(Caller caller, String vmRef, Optional<Integer> diskPosition) {
        Vm vm = inventory.vm(caller, vmRef);
        Optional<Long> diskId =
                diskPosition.map(p -> inventory.deployedDisk(vm, p).id());
        return views(List.of(vm)).stream()
                .filter(v -> diskId.isEmpty() || v.definition().diskId() == diskId.get())
                .toList();
    }

    public DefinitionView get(Caller caller, String vmRef, int diskPosition, String name) {
        Vm vm = inventory.vm(caller, vmRef);
        return view(vm, find(inventory.deployedDisk(vm, diskPosition), name));
    }

    /** The checks a write makes before its fields are looked at: 403, 404, 423, 412 (Danube's order). */
    public void locateForWrite(Caller caller, String vmRef, int diskPosition) {
        inventory.deployedDisk(writable(caller, vmRef), diskPosition);
    }

    @Transactional
    public DefinitionView create(Caller caller, String vmRef, int diskPosition, String name, DefinitionChange change) {
        Vm vm = writable(caller, vmRef);
        Disk disk = inventory.deployedDisk(vm, diskPosition);
        if (store.find(disk.id(), name).isPresent()) {
            throw new AlreadyExistsException(ObjectKind.SNAPSHOT_DEFINITION);
        }
        Optional<SchedulePresets.Preset> preset = SchedulePresets.forName(name, random);
        String schedule = change.schedule()
                .or(() -> preset.map(SchedulePresets.Preset::schedule))
                .orElseThrow(() -> InvalidInputException.of("schedule", "This field is required."));
        int retention = change.retention()
                .or(() -> preset.map(SchedulePresets.Preset::retention))
                .orElseThrow(() -> InvalidInputException.of("retention", "This field is required."));
        DcSettings dc = settings.of(vm.dcId());
        requireRetention(retentionBounds(dc), retention);
        boolean active = change.active().orElse(true);
        Instant nextRun = nextRun(schedule, active);
        requireBelowDefineLimit(vm, dc);
        SnapshotDefinition draft = new SnapshotDefinition(
                0,
                vm.id(),
                disk.id(),
                diskPosition,
                name,
                schedule,
                retention,
                active,
                change.description().orElse(""),
                change.fsfreeze().orElse(false),
                nextRun,
                null,
                clock.instant());
        store.insert(draft);
        log(caller, vm, "Create server snapshot definition", detail(draft));
        return view(vm, find(disk, name));
    }

    @Transactional
    public DefinitionView update(Caller caller, String vmRef, int diskPosition, String name, DefinitionChange change) {
        Vm vm = writable(caller, vmRef);
        SnapshotDefinition old = find(inventory.deployedDisk(vm, diskPosition), name);
        // Like Danube's partial serializer: only a given retention is checked against the DC's bound.
        change.retention().ifPresent(r -> requireRetention(retentionBounds(settings.of(vm.dcId())), r));
        String schedule = change.schedule().orElse(old.schedule());
        boolean active = change.active().orElse(old.active());
        SnapshotDefinition updated = new SnapshotDefinition(
                old.id(),
                old.vmId(),
                old.diskId(),
                old.diskPosition(),
                old.name(),
                schedule,
                change.retention().orElse(old.retention()),
                active,
                change.description().orElse(old.description()),
                change.fsfreeze().orElse(old.fsfreeze()),
                nextRun(schedule, active),
                old.lastRunAt(),
                old.createdAt());
        store.update(updated);
        log(caller, vm, "Update server snapshot definition", detail(updated));
        return view(vm, store.find(old.diskId(), name).orElseThrow());
    }

    /** Deletes the definition; the snapshots it made stay, no longer pruned by any retention. */
    @Transactional
    public void delete(Caller caller, String vmRef, int diskPosition, String name) {
        Vm vm = writable(caller, vmRef);
        SnapshotDefinition old = find(inventory.deployedDisk(vm, diskPosition), name);
        store.delete(old.id());
        log(caller, vm, "Delete server snapshot definition", "snapdef='" + name + "' disk_id=" + diskPosition);
    }

    /**
     * Queues the firing at {@code now} of up to {@code limit} due definitions, earliest due first, in the caller's
     * transaction; returns how many (fewer than {@code limit}: no more are due, or another replica holds them).
     * A definition with a firing queued is not due again until {@link #takeQueued} has made it a task. Needs a
     * transaction.
     */
    public int queueDue(Instant now, int limit) {
        return firings.queueDue(now, limit);
    }

    /**
     * Takes up to {@code limit} queued firings, oldest tick first, off the queue in the caller's transaction and
     * claims each: compare-and-set of its definition's {@code next_run} from the time it was due to the next time
     * after {@code now}, so a tick missed while the service was down fires once. A firing whose definition was
     * deleted, deactivated or rescheduled since it was queued is dropped. Needs a transaction.
     */
    public Taken takeQueued(Instant now, int limit) {
        List<FiringStore.Queued> queued = firings.queued(limit);
        Map<Long, SnapshotDefinition> byId =
                store.byIds(queued.stream().map(FiringStore.Queued::defineId).toList()).stream()
                        .collect(Collectors.toMap(SnapshotDefinition::id, f -> f));
        List<FiringStore.Queued> live =
                queued.stream().filter(q -> byId.containsKey(q.defineId())).toList();
        List<DefinitionStore.Claim> claims = live.stream()
                .map(q -> new DefinitionStore.Claim(
                        q.defineId(),
                        q.dueAt(),
                        CronSchedule.parse(byId.get(q.defineId()).schedule())
                                .next(now)
                                .orElse(null)))
                .toList();
        // the definitions first, then the queue: a replica queueing at the same time locks them in that order too
        boolean[] won = store.claimAll(claims, now);
        firings.remove(queued);
        List<Firing> claimed = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            if (won[i]) {
                claimed.add(
                        new Firing(byId.get(live.get(i).defineId()), live.get(i).firedAt()));
            }
        }
        return new Taken(queued.size(), claimed);
    }

    /**
     * A claimed firing.
     *
     * @param definition the definition as it was before the claim
     * @param at the tick that queued it: the time in its snapshot's name
     */
    public record Firing(SnapshotDefinition definition, Instant at) {}

    /**
     * What {@link #takeQueued} did.
     *
     * @param taken queued firings it took off the queue (fewer than asked: the queue is empty, or others hold them)
     * @param claimed those it claimed, to be fired
     */
    public record Taken(int taken, List<Firing> claimed) {
        public Taken {
            claimed = List.copyOf(claimed);
        }
    }

    /** The current retention of a definition (it may have changed since the snapshot started). */
    public Optional<Integer> retentionOf(long id) {
        return store.byId(id).map(SnapshotDefinition::retention);
    }

    /** Names of the given definitions, for showing beside their snapshots. */
    public Map<Long, String> names(Collection<Long> ids) {
        return store.byIds(ids).stream().collect(Collectors.toMap(SnapshotDefinition::id, SnapshotDefinition::name));
    }

    /** Ids of the definitions of a VM with that name (one per disk at most). */
    public List<Long> idsNamed(Caller caller, String vmRef, String name) {
        Vm vm = inventory.vm(caller, vmRef);
        return store.ofVms(List.of(vm.id())).stream()
                .filter(f -> f.name().equals(name))
                .map(SnapshotDefinition::id)
                .toList();
    }

    private Vm writable(Caller caller, String vmRef) {
        if (!caller.isAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        Vm vm = inventory.vm(caller, vmRef);
        if (!inventory.node(vm).online()) {
            throw new RuleViolationException(Rule.NODE_NOT_OPERATIONAL);
        }
        if (!vm.state().operational()) {
            throw new RuleViolationException(Rule.VM_NOT_OPERATIONAL);
        }
        return vm;
    }

    private static void requireRetention(RetentionBounds bounds, long retention) {
        String violation = bounds.violation(retention);
        if (violation != null) {
            throw InvalidInputException.of("retention", violation);
        }
    }

    /** {@code VMS_VM_SNAPSHOT_DEFINE_LIMIT}: definitions per VM, all disks; checked after the fields, as Danube does. */
    private void requireBelowDefineLimit(Vm vm, DcSettings dc) {
        if (dc.snapshotDefineLimit().isEmpty()) {
            return;
        }
        inventory.lockVm(vm.id());
        if (store.countOfVm(vm.id()) >= dc.snapshotDefineLimit().get()) {
            throw InvalidInputException.of("non_field_errors", "Maximum number of snapshot definitions reached.");
        }
    }

    private SnapshotDefinition find(Disk disk, String name) {
        return store.find(disk.id(), name).orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT_DEFINITION));
    }

    private Instant nextRun(String schedule, boolean active) {
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(schedule);
        } catch (InvalidCronException e) {
            throw InvalidInputException.of("schedule", e.getMessage());
        }
        return active ? cron.next(clock.instant()).orElse(null) : null;
    }

    private List<DefinitionView> views(List<Vm> vms) {
        Map<Long, Vm> byId = vms.stream().collect(Collectors.toMap(Vm::id, Function.identity()));
        List<SnapshotDefinition> all = store.ofVms(byId.keySet());
        Map<Long, Long> counts = snapshots.countByDefinition(
                all.stream().map(SnapshotDefinition::id).toList());
        return all.stream()
                .map(f -> view(byId.get(f.vmId()), f, counts.getOrDefault(f.id(), 0L)))
                .toList();
    }

    private DefinitionView view(Vm vm, SnapshotDefinition f) {
        return view(vm, f, snapshots.countByDefinition(List.of(f.id())).getOrDefault(f.id(), 0L));
    }

    private static DefinitionView view(Vm vm, SnapshotDefinition f, long count) {
        return new DefinitionView(f, vm.hostname(), vm.uuid(), count);
    }

    private void log(Caller caller, Vm vm, String msg, String detail) {
        tasks.logSync(caller, vm.ownerId(), new LogInfo(msg, detail, "vm", vm.hostname(), vm.alias()));
    }

    private static String detail(SnapshotDefinition f) {
        return "desc='%s' active=%s schedule='%s' retention=%d fsfreeze=%s disk_id=%d snapdef='%s'"
                .formatted(
                        f.description(),
                        f.active(),
                        f.schedule(),
                        f.retention(),
                        f.fsfreeze(),
                        f.diskPosition(),
                        f.name());
    }
}

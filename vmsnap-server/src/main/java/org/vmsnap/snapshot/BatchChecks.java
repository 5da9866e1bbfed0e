package org.vmsnap.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Node;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmSnapshotLimits;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.settings.SettingsService;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.VmsnapException;

/**
 * The checks of a create ({@link Preconditions#requireCreatable}, then the quotas through {@link SnapshotQuota}) for
 * a whole batch: the figures they need are loaded for all creates at once, a handful of set-based queries per batch,
 * and each create is then decided in memory, counting the creates of the batch accepted before it.
 */
@Component
class BatchChecks {
    private final Preconditions checks;
    private final InventoryService inventory;
    private final SnapshotStore store;
    private final SettingsService settings;
    private final RuntimeService runtime;

    BatchChecks(
            Preconditions checks,
            InventoryService inventory,
            SnapshotStore store,
            SettingsService settings,
            RuntimeService runtime) {
        this.checks = checks;
        this.inventory = inventory;
        this.store = store;
        this.settings = settings;
        this.runtime = runtime;
    }

    /**
     * A create that passed every check.
     *
     * @param index its place in the batch
     * @param fsfreeze the freeze to ask for (only kept for VMs with a guest agent channel, as a single create)
     */
    record Target(int index, CreateSnapshotCall call, Vm vm, Disk disk, boolean fsfreeze) {}

    /**
     * The creates of {@code calls} that pass, in order; each other one is handed to {@code refuse} with its index
     * and what {@link SnapshotService#create} would have thrown. Locks the rows of the batch's VMs until the
     * transaction ends, as a single create does. Call inside a transaction.
     */
    List<Target> passing(List<CreateSnapshotCall> calls, BiConsumer<Integer, VmsnapException> refuse) {
        Set<String> refs = calls.stream().map(c -> c.command().vmRef()).collect(Collectors.toSet());
        // every VM of the batch locked first, as a single create locks its VM, then read under the lock
        inventory.lockVms(inventory.vmsByRef(refs).values().stream().map(Vm::id).toList());
        Map<String, Vm> vms = inventory.vmsByRef(refs);
        Figures figures = new Figures(vms.values(), calls);
        Set<String> accepted = new HashSet<>(); // disk/name of the batch's earlier creates
        List<Target> found = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            CreateSnapshotCall call = calls.get(i);
            try {
                Vm vm = Optional.ofNullable(vms.get(call.command().vmRef()))
                        .filter(v -> call.caller().canSee(v.ownerId(), v.dcId()))
                        .orElseThrow(() -> new NotFoundException(ObjectKind.VM));
                Disk disk = checks.requireCreatable(call.caller(), vm, call.command(), figures);
                if (!accepted.add(disk.id() + "/" + call.command().name())) {
                    throw new AlreadyExistsException(ObjectKind.SNAPSHOT);
                }
                found.add(new Target(i, call, vm, disk, call.command().fsfreeze()));
            } catch (VmsnapException e) {
                refuse.accept(i, e);
            }
        }
        return withinQuotas(withAgents(found), figures, refuse);
    }

    private List<Target> withAgents(List<Target> targets) {
        Set<Long> withAgent = runtime.withAgent(targets.stream()
                .filter(Target::fsfreeze)
                .map(Target::vm)
                .distinct()
                .toList());
        return targets.stream()
                .map(t -> new Target(
                        t.index(), t.call(), t.vm(), t.disk(), t.fsfreeze() && withAgent.contains(t.vm().id())))
                .toList();
    }

    /** {@link Preconditions#requireWithinQuota} for each target, against the batch's figures. */
    private List<Target> withinQuotas(
            List<Target> targets, Figures figures, BiConsumer<Integer, VmsnapException> refuse) {
        Quotas quotas = new Quotas(targets, figures);
        List<Target> within = new ArrayList<>();
        for (Target t : targets) {
            try {
                quotas.require(t);
                within.add(t);
            } catch (VmsnapException e) {
                refuse.accept(t.index(), e);
            }
        }
        return within;
    }

    /** The VMs' nodes, disks and the names taken on the disks asked for: what {@link Preconditions} looks up. */
    private final class Figures implements Preconditions.CreateFacts {
        private final Map<Long, Node> nodes;
        private final Map<Long, List<Disk>> disks;
        private final Map<Long, Set<String>> taken;

        Figures(java.util.Collection<Vm> vms, List<CreateSnapshotCall> calls) {
            this.nodes = inventory.nodes(vms);
            this.disks = inventory.disksOf(vms.stream().map(Vm::id).collect(Collectors.toSet()));
            Set<Long> asked = new HashSet<>();
            Set<String> names = new HashSet<>();
            Map<String, Vm> byRef = new HashMap<>();
            vms.forEach(vm -> {
                byRef.put(vm.hostname(), vm);
                byRef.put(vm.uuid(), vm);
            });
            for (CreateSnapshotCall call : calls) {
                Vm vm = byRef.get(call.command().vmRef());
                if (vm == null) {
                    continue;
                }
                disks.getOrDefault(vm.id(), List.of()).stream()
                        .filter(d -> d.position() != null
                                && d.position() == call.command().diskPosition())
                        .forEach(d -> asked.add(d.id()));
                names.add(call.command().name());
            }
            this.taken = store.takenNames(asked, names);
        }

        @Override
        public boolean nodeOnline(Vm vm) {
            Node node = nodes.get(vm.nodeId());
            return node != null && node.online();
        }

        @Override
        public List<Disk> disks(Vm vm) {
            return disks.getOrDefault(vm.id(), List.of());
        }

        @Override
        public boolean nameTaken(Disk disk, String name) {
            return taken.getOrDefault(disk.id(), Set.of()).contains(name);
        }

        long diskBytes(Vm vm) {
            return disks(vm).stream().mapToLong(Disk::sizeBytes).sum();
        }
    }

    /** What the VMs' and DCs' quotas allow, loaded once; each create accepted counts for the next ones. */
    private final class Quotas {
        private final Figures figures;
        private final Map<Long, VmSnapshotLimits> limits;
        private final Map<Long, Optional<Long>> dcLimits = new HashMap<>();
        private final Map<SnapshotType, Map<Long, Long>> ofType = new HashMap<>();
        private final Map<Long, Long> vmBytes;
        private final Map<Long, Long> dcBytes = new HashMap<>();
        private final Map<String, Long> added = new HashMap<>(); // vm id/type -> creates of the batch so far

        Quotas(List<Target> targets, Figures figures) {
            this.figures = figures;
            Map<Long, Vm> vms = new LinkedHashMap<>();
            targets.forEach(t -> vms.putIfAbsent(t.vm().id(), t.vm()));
            this.limits = inventory.snapshotLimits(vms.keySet());
            vms.values()
                    .forEach(vm -> dcLimits.computeIfAbsent(
                            vm.dcId(), dc -> settings.of(dc).snapshotDcSizeLimitMb()));
            for (SnapshotType type : SnapshotType.values()) {
                List<Long> counted = targets.stream()
                        .filter(t -> t.call().command().type() == type)
                        .map(t -> t.vm().id())
                        .distinct()
                        .filter(vm -> SnapshotQuota.countLimit(type, limits.getOrDefault(vm, VmSnapshotLimits.NONE))
                                .isPresent())
                        .toList();
                ofType.put(type, store.countOfType(counted, type));
            }
            this.vmBytes = store.sizedBytesOfVms(vms.keySet().stream()
                    .filter(vm -> {
                        VmSnapshotLimits l = limits.getOrDefault(vm, VmSnapshotLimits.NONE);
                        return l.sizeMb().isPresent() || l.sizePercent().isPresent();
                    })
                    .toList());
            dcLimits.forEach((dc, limit) -> limit.ifPresent(l -> dcBytes.put(dc, store.sizedBytesOfDc(dc))));
        }

        private VmSnapshotLimits limitsOf(Vm vm) {
            return limits.getOrDefault(vm.id(), VmSnapshotLimits.NONE);
        }

        void require(Target t) {
            Vm vm = t.vm();
            SnapshotType type = t.call().command().type();
            VmSnapshotLimits l = limitsOf(vm);
            Optional<Long> dcLimit = dcLimits.get(vm.dcId());
            String key = vm.id() + "/" + type;
            if (l.any() || dcLimit.isPresent()) {
                var usage = new SnapshotQuota.Usage(
                        ofType.get(type).getOrDefault(vm.id(), 0L) + added.getOrDefault(key, 0L),
                        vmBytes.getOrDefault(vm.id(), 0L),
                        l.sizePercent().isPresent() ? figures.diskBytes(vm) : 0,
                        dcBytes.getOrDefault(vm.dcId(), 0L));
                SnapshotQuota.require(type, l, dcLimit, usage);
            }
            added.merge(key, 1L, Long::sum);
        }
    }
}

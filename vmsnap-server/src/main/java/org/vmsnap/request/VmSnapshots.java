package org.vmsnap.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Vm;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotQuery;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotStatus;
import org.vmsnap.snapshot.SnapshotView;

/** Whole-VM snapshots: the per-disk snapshots of a VM grouped by name, oldest first. */
@Component
class VmSnapshots {
    private static final SnapshotQuery ALL =
            new SnapshotQuery(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    private final SnapshotService snapshots;

    VmSnapshots(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    List<VmSnapshot> of(Caller caller, Vm vm) {
        Map<String, List<Snapshot>> byName = new LinkedHashMap<>();
        for (SnapshotView view : snapshots.list(caller, vm.uuid(), ALL)) {
            byName.computeIfAbsent(view.snapshot().name(), n -> new ArrayList<>())
                    .add(view.snapshot());
        }
        return byName.values().stream()
                .map(VmSnapshots::merge)
                .sorted(Comparator.comparingLong(VmSnapshot::id))
                .toList();
    }

    Optional<VmSnapshot> find(Caller caller, Vm vm, long id) {
        return of(caller, vm).stream().filter(s -> s.id() == id).findFirst();
    }

    private static VmSnapshot merge(List<Snapshot> parts) {
        Snapshot first =
                parts.stream().min(Comparator.comparingLong(Snapshot::id)).orElseThrow();
        long size = parts.stream()
                .mapToLong(s -> s.exclusiveBytes() == null ? 0 : s.exclusiveBytes())
                .sum();
        SnapshotStatus status = parts.stream()
                .map(Snapshot::status)
                .filter(s -> s != SnapshotStatus.OK)
                .findFirst()
                .orElse(SnapshotStatus.OK);
        return new VmSnapshot(
                first.id(),
                first.name(),
                first.note(),
                first.createdAt(),
                parts.size(),
                size,
                status.name().toLowerCase(java.util.Locale.ROOT),
                first.consistency());
    }
}

package org.vmsnap.snapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which snapshots a new one replaces under a VM's rotation settings. A pure function. */
final class RotationPlan {
    private RotationPlan() {}

    /**
     * The snapshots to delete before one more is taken, oldest first; empty list when the limit is not reached;
     * empty optional when the new snapshot must be refused (rotation off, or too few replaceable snapshots).
     *
     * @param present the disk's snapshots that are not being deleted, oldest first
     */
    static Optional<List<Snapshot>> victims(List<Snapshot> present, RotationSettings settings) {
        int excess = present.size() + 1 - settings.maxSnapshots();
        if (excess <= 0) {
            return Optional.of(List.of());
        }
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Set<String> excluded = new HashSet<>(settings.excluded());
        List<Snapshot> victims = present.stream()
                .filter(s -> s.status() == SnapshotStatus.OK && !excluded.contains(s.name()))
                .limit(excess)
                .toList();
        return victims.size() == excess ? Optional.of(victims) : Optional.empty();
    }
}

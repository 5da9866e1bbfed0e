package org.vmsnap.policy;

import java.util.List;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotStatus;
import org.vmsnap.snapshot.SnapshotType;

/**
 * Danube's retention (danube.md §7.1): after a successful automatic snapshot, the oldest OK automatic snapshots of
 * that definition beyond {@code retention} go. 0 keeps all. A pure function.
 */
public final class Retention {
    private Retention() {}

    /** Names to delete, oldest first, from the definition's snapshots (any order, any status). */
    public static List<String> toDelete(List<Snapshot> ofDefinition, int retention) {
        if (retention <= 0) {
            return List.of();
        }
        List<Snapshot> ok = ofDefinition.stream()
                .filter(s -> s.status() == SnapshotStatus.OK && s.type() == SnapshotType.AUTOMATIC)
                .sorted(java.util.Comparator.comparingLong(Snapshot::id))
                .toList();
        int excess = ok.size() - retention;
        return excess <= 0
                ? List.of()
                : ok.subList(0, excess).stream().map(Snapshot::name).toList();
    }
}

package org.vmsnap.inventory;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A VM's snapshot quotas; empty = no limit. A create is refused once the VM already has {@code manualCount} manual
 * (or {@code autoCount} automatic) snapshots, or once its snapshots' sizes reach the size quota: {@code sizeMb}
 * when set, else {@code sizePercent} % of the VM's total disk size.
 *
 * @param manualCount most manual snapshots of the VM (all disks, all statuses)
 * @param autoCount most automatic snapshots of the VM
 * @param sizeMb most MB (2^20 bytes) of snapshot data of the VM; takes precedence over {@code sizePercent}
 * @param sizePercent most snapshot data as a percentage of the VM's total disk size
 */
public record VmSnapshotLimits(
        Optional<Long> manualCount, Optional<Long> autoCount, Optional<Long> sizeMb, Optional<Long> sizePercent) {
    /** No limits at all. */
    public static final VmSnapshotLimits NONE =
            new VmSnapshotLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public VmSnapshotLimits {
        Objects.requireNonNull(manualCount, "manualCount");
        Objects.requireNonNull(autoCount, "autoCount");
        Objects.requireNonNull(sizeMb, "sizeMb");
        Objects.requireNonNull(sizePercent, "sizePercent");
        if (Stream.of(manualCount, autoCount, sizeMb, sizePercent).anyMatch(l -> l.isPresent() && l.get() < 0)) {
            throw new IllegalArgumentException("limits are not negative");
        }
    }

    /** Whether any quota is set. */
    public boolean any() {
        return manualCount.isPresent() || autoCount.isPresent() || sizeMb.isPresent() || sizePercent.isPresent();
    }
}

package org.vmsnap.snapshot;

import java.util.Objects;
import java.util.Optional;
import org.vmsnap.inventory.VmSnapshotLimits;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/**
 * The limits a create must pass (Danube §7.2), as a pure decision, checked in this order: the VM's count of
 * snapshots of the new one's type, the VM's size quota, the DC's size limit. Each refuses when what exists already
 * reaches the limit ({@code >=}), so a limit of 0 refuses every create.
 */
final class SnapshotQuota {
    static final long MB = 1024L * 1024L;

    private SnapshotQuota() {}

    /**
     * What exists now. Sizes count only snapshots whose size is known and that are not pending, being deleted or lost.
     *
     * @param ofType snapshots of the VM of the new snapshot's type (all disks, all statuses)
     * @param vmBytes exclusive bytes of the VM's snapshots
     * @param vmDiskBytes total virtual size of the VM's disks (for a percentage quota)
     * @param dcBytes exclusive bytes of all snapshots in the VM's DC
     */
    record Usage(long ofType, long vmBytes, long vmDiskBytes, long dcBytes) {}

    /** The rule the create would break, if any. */
    static Optional<Rule> refusal(SnapshotType type, VmSnapshotLimits vm, Optional<Long> dcLimitMb, Usage usage) {
        Objects.requireNonNull(type, "type");
        Optional<Long> count = countLimit(type, vm);
        if (count.isPresent() && usage.ofType() >= count.get()) {
            return Optional.of(Rule.SNAPSHOT_LIMIT_REACHED);
        }
        Optional<Long> vmQuota = vmQuotaBytes(vm, usage.vmDiskBytes());
        if (vmQuota.isPresent() && usage.vmBytes() >= vmQuota.get()) {
            return Optional.of(Rule.SNAPSHOT_SIZE_LIMIT_REACHED);
        }
        if (dcLimitMb.isPresent() && usage.dcBytes() >= bytes(dcLimitMb.get())) {
            return Optional.of(Rule.DC_SNAPSHOT_SIZE_LIMIT_REACHED);
        }
        return Optional.empty();
    }

    /** Throws what {@link #refusal} finds, with the task log's words for it. */
    static void require(SnapshotType type, VmSnapshotLimits vm, Optional<Long> dcLimitMb, Usage usage) {
        refusal(type, vm, dcLimitMb, usage).ifPresent(rule -> {
            throw new RuleViolationException(rule, describe(rule));
        });
    }

    /** The count limit that applies to a new snapshot of {@code type}. */
    static Optional<Long> countLimit(SnapshotType type, VmSnapshotLimits vm) {
        return type == SnapshotType.MANUAL ? vm.manualCount() : vm.autoCount();
    }

    /** The VM's size quota in bytes: the MB limit when set, else the percentage of its disks. */
    static Optional<Long> vmQuotaBytes(VmSnapshotLimits vm, long diskBytes) {
        if (vm.sizeMb().isPresent()) {
            return Optional.of(bytes(vm.sizeMb().get()));
        }
        return vm.sizePercent().map(percent -> saturated(diskBytes, percent) / 100);
    }

    /** The words the task log uses for a refusal (Danube's, as its scheduler logs them). */
    static String describe(Rule rule) {
        return switch (rule) {
            case SNAPSHOT_LIMIT_REACHED -> "VM snapshot limit reached";
            case SNAPSHOT_SIZE_LIMIT_REACHED -> "VM snapshot size limit reached";
            case DC_SNAPSHOT_SIZE_LIMIT_REACHED -> "DC snapshot size limit reached";
            default -> rule.name();
        };
    }

    static long bytes(long mb) {
        return saturated(mb, MB);
    }

    private static long saturated(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

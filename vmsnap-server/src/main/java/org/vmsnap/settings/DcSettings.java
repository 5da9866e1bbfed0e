package org.vmsnap.settings;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A DC's snapshot settings; empty = not set (unlimited).
 *
 * @param snapshotDefineLimit most snapshot definitions per VM ({@code VMS_VM_SNAPSHOT_DEFINE_LIMIT})
 * @param snapshotLimitAuto upper bound of a definition's retention, then at least 1
 *     ({@code VMS_VM_SNAPSHOT_LIMIT_AUTO})
 * @param snapshotDcSizeLimitMb most MB of snapshot data in the DC ({@code VMS_VM_SNAPSHOT_DC_SIZE_LIMIT})
 */
public record DcSettings(
        Optional<Long> snapshotDefineLimit, Optional<Long> snapshotLimitAuto, Optional<Long> snapshotDcSizeLimitMb) {
    /** Nothing set. */
    public static final DcSettings NONE = new DcSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public DcSettings {
        Objects.requireNonNull(snapshotDefineLimit, "snapshotDefineLimit");
        Objects.requireNonNull(snapshotLimitAuto, "snapshotLimitAuto");
        Objects.requireNonNull(snapshotDcSizeLimitMb, "snapshotDcSizeLimitMb");
        if (Stream.of(snapshotDefineLimit, snapshotDcSizeLimitMb).anyMatch(l -> l.isPresent() && l.get() < 0)) {
            throw new IllegalArgumentException("limits are not negative");
        }
        if (snapshotLimitAuto.isPresent() && snapshotLimitAuto.get() < 1) {
            throw new IllegalArgumentException("the retention bound is at least 1");
        }
    }
}

package org.vmsnap.policy;

/**
 * The retention a definition may have in a DC: 0 (keep all) to 65536 when {@code VMS_VM_SNAPSHOT_LIMIT_AUTO} is not
 * set, else 1 to that limit.
 */
public record RetentionBounds(long min, long max) {
    public RetentionBounds {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad retention bounds " + min + ".." + max);
        }
    }

    /** The message of the bound {@code value} breaks (Danube's validator wording), or null when within. */
    String violation(long value) {
        if (value < min) {
            return "Ensure this value is greater than or equal to %d.".formatted(min);
        }
        if (value > max) {
            return "Ensure this value is less than or equal to %d.".formatted(max);
        }
        return null;
    }
}

package org.vmsnap.snapshot;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A VM's snapshot rotation: at {@code maxSnapshots}, a new snapshot first replaces the oldest one whose name is
 * not in {@code excluded} (rotation enabled), or is refused (rotation disabled).
 *
 * @param excluded snapshot names never chosen for replacement, in the order given, without duplicates
 * @param maxSnapshots the VM's snapshot limit
 */
public record RotationSettings(boolean enabled, List<String> excluded, int maxSnapshots) {
    /** Longest excluded name. */
    public static final int MAX_NAME = 255;
    /** Most excluded names per VM. */
    public static final int MAX_EXCLUDED = 100;

    public RotationSettings {
        Objects.requireNonNull(excluded, "excluded");
        excluded = List.copyOf(new LinkedHashSet<>(excluded));
        if (excluded.size() > MAX_EXCLUDED) {
            throw new IllegalArgumentException("at most " + MAX_EXCLUDED + " excluded names");
        }
        for (String name : excluded) {
            if (name.isEmpty() || name.length() > MAX_NAME) {
                throw new IllegalArgumentException("excluded names must have 1-" + MAX_NAME + " characters");
            }
        }
        if (maxSnapshots < 1) {
            throw new IllegalArgumentException("maxSnapshots must be positive");
        }
    }
}

package org.vmsnap.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The fields a create sets or an update changes; empty means "not given" (create: the default).
 * Values have passed the front door's validation; the schedule is checked again here.
 */
public record DefinitionChange(
        Optional<String> schedule,
        Optional<Integer> retention,
        Optional<Boolean> active,
        Optional<String> description,
        Optional<Boolean> fsfreeze) {
    public DefinitionChange {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(fsfreeze, "fsfreeze");
    }
}

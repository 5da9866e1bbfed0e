package org.vmsnap.api.danube;

import java.util.Optional;

/**
 * Danube's optional integer limits ({@code required=False}, null allowed): an absent key keeps the current value,
 * {@code null} or {@code ""} clears it, anything else must be a whole number within the field's bounds.
 */
final class LimitFields {
    private final DanubeParams params;
    private final DanubeValidation validation;

    LimitFields(DanubeParams params, DanubeValidation validation) {
        this.params = params;
        this.validation = validation;
    }

    /** The field's new value; {@code current} when absent; empty and an error recorded when invalid. */
    Optional<Long> read(String field, long min, long max, Optional<Long> current) {
        if (!params.has(field)) {
            return current;
        }
        Object raw = params.raw(field);
        if (raw == null || "".equals(raw)) {
            return Optional.empty();
        }
        return validation.integer(params, field, min, max);
    }
}

package org.vmsnap.api.danube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/** Danube's field rules and messages (serializers, {@code get_disk_id}, {@code order_by}). */
final class DanubeValidation {
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
    private static final String UNSAFE = "<>%$&;'\"";

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    boolean ok() {
        return errors.isEmpty();
    }

    Map<String, List<String>> errors() {
        return errors;
    }

    void add(String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    }

    /** A name: 1..max characters of Danube's name pattern. */
    void name(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            add(field, "This field is required.");
            return;
        }
        maxLength(field, value, max);
        if (!NAME.matcher(value).matches()) {
            add(field, "Invalid value.");
        }
    }

    /** A free-text field (note, desc): at most 128 characters, none of {@code <>%$&;'"}. */
    void safeText(String field, String value) {
        maxLength(field, value, 128);
        if (value.chars().anyMatch(c -> UNSAFE.indexOf(c) >= 0)) {
            add(field, "Invalid value.");
        }
    }

    void maxLength(String field, String value, int max) {
        if (value.length() > max) {
            add(field, "Ensure this value has at most %d characters (it has %d).".formatted(max, value.length()));
        }
    }

    /** An integer field in [min, max]; empty when absent or invalid (the error is recorded). */
    Optional<Long> integer(DanubeParams params, String field, long min, long max) {
        Optional<Long> value;
        try {
            value = params.integer(field);
        } catch (NumberFormatException e) {
            add(field, "Enter a whole number.");
            return Optional.empty();
        }
        if (value.isPresent() && value.get() < min) {
            add(field, "Ensure this value is greater than or equal to %d.".formatted(min));
            return Optional.empty();
        }
        if (value.isPresent() && value.get() > max) {
            add(field, "Ensure this value is less than or equal to %d.".formatted(max));
            return Optional.empty();
        }
        return value;
    }

    /** Danube's {@code get_disk_id}: default 1, a positive whole number, else 412 {@code Invalid disk_id}. */
    static int diskId(DanubeParams params) {
        try {
            long id = params.integer("disk_id").orElse(1L);
            if (id < 1 || id > Integer.MAX_VALUE) {
                throw new RuleViolationException(Rule.INVALID_DISK_ID);
            }
            return (int) id;
        } catch (NumberFormatException e) {
            throw new RuleViolationException(Rule.INVALID_DISK_ID);
        }
    }
}

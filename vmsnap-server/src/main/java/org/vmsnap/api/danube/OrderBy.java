package org.vmsnap.api.danube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Danube's {@code order_by}: comma-separated fields; a {@code -} or a {@code +} prefix both mean descending.
 * An unknown field answers 412 {@code Invalid order_by; Possible sort fields are: ...}.
 */
final class OrderBy {
    private OrderBy() {}

    /** One parsed key. */
    record Key<F>(F field, boolean descending) {}

    static <F> List<Key<F>> parse(Optional<String> value, Map<String, F> fields) {
        List<Key<F>> keys = new ArrayList<>();
        if (value.isEmpty() || value.get().isBlank()) {
            return keys;
        }
        for (String part : value.get().split(",")) {
            String name = part.strip();
            boolean descending = name.startsWith("-") || name.startsWith("+");
            if (descending) {
                name = name.substring(1);
            }
            F field = fields.get(name);
            if (field == null) {
                throw new InvalidOrderBy(String.join(", ", fields.keySet()));
            }
            keys.add(new Key<>(field, descending));
        }
        return keys;
    }

    static <F> Map<String, F> fields(Object... namesAndFields) {
        Map<String, F> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndFields.length; i += 2) {
            @SuppressWarnings("unchecked")
            F field = (F) namesAndFields[i + 1];
            map.put((String) namesAndFields[i], field);
        }
        return map;
    }

    /** 412 for a bad {@code order_by}. */
    static final class InvalidOrderBy extends RuntimeException {
        InvalidOrderBy(String possible) {
            super("Invalid order_by; Possible sort fields are: " + possible);
        }
    }
}

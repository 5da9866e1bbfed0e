package org.vmsnap.api.hostkey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call's parameters as PHP's {@code $_REQUEST} holds them: {@code name=v} a string (the last one wins),
 * {@code name[]=v} and {@code name[k]=v} an array in the order given. Unknown names are simply never asked for.
 */
final class HostkeyParams {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Adds one decoded pair, as PHP does while it parses a query string or a form body. */
    void add(String rawName, String value) {
        int bracket = rawName.indexOf('[');
        if (bracket > 0 && rawName.endsWith("]")) {
            String name = rawName.substring(0, bracket);
            Object old = values.get(name);
            List<String> list = old instanceof List<?> l ? castList(l) : new ArrayList<>();
            list.add(value);
            values.put(name, list);
        } else {
            values.put(rawName, value);
        }
    }

    /** A string parameter; an array where a string belongs is invalid. */
    Optional<String> string(String name) {
        Object value = values.get(name);
        if (value instanceof List<?>) {
            throw HostkeyError.invalid(name);
        }
        return Optional.ofNullable((String) value);
    }

    /** A string parameter that must be there and not be blank. */
    String required(String name) {
        return string(name).filter(v -> !v.isBlank()).orElseThrow(() -> HostkeyError.required(name));
    }

    /** An array parameter; a plain string counts as an array of one. */
    Optional<List<String>> list(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value instanceof List<?> l ? List.copyOf(castList(l)) : List.of((String) value));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(List<?> list) {
        return (List<String>) list;
    }
}

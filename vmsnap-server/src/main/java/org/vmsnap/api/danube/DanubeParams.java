package org.vmsnap.api.danube;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A call's parameters (query string for GET, JSON body otherwise) read the way Danube reads them: numbers may come
 * as strings, booleans as {@code "True"}, {@code "1"} or anything Python finds truthy.
 */
final class DanubeParams {
    private static final Set<String> TRUE = Set.of("t", "T", "true", "True", "TRUE", "1");
    private static final Set<String> FALSE = Set.of("f", "F", "false", "False", "FALSE", "0");

    private final Map<String, Object> values;

    DanubeParams(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Object raw(String key) {
        return values.get(key);
    }

    /** The value as Python's {@code str()} would print it; empty when absent or null. */
    Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(pythonStr(v));
    }

    /** Danube's {@code get_boolean_value}: known true/false spellings, otherwise Python truthiness. */
    boolean bool(String key, boolean fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        return truthy(values.get(key));
    }

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            if (TRUE.contains(s)) {
                return true;
            }
            if (FALSE.contains(s)) {
                return false;
            }
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** {@code int(str(value))}; empty when absent; {@link NumberFormatException} when not a whole number. */
    Optional<Long> integer(String key) {
        if (!values.containsKey(key) || values.get(key) == null) {
            return Optional.empty();
        }
        return Optional.of(parseInt(values.get(key)));
    }

    static long parseInt(Object v) {
        if (v instanceof Boolean || v instanceof List || v instanceof Map) {
            throw new NumberFormatException("not an integer");
        }
        String s = pythonStr(v).strip(); // Python 2.7 int(): no digit separators
        if (!s.matches("[+-]?[0-9]{1,18}")) {
            throw new NumberFormatException("not an integer: " + s);
        }
        return Long.parseLong(s);
    }

    static String pythonStr(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? (long) d + ".0" : Double.toString(d);
        }
        return String.valueOf(v);
    }
}

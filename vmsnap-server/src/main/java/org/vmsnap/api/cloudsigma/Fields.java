package org.vmsnap.api.cloudsigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of a request body, checked field by field: unknown fields are refused, read-only ones (a client may
 * send back the whole object it read) are ignored, and each value must have its type. A JSON {@code null} counts as
 * absent.
 */
final class Fields {
    static final int MAX_NAME = 255;
    static final int MAX_META_KEY = 32;
    static final int MAX_META_VALUE = 1024;
    static final int MAX_META_ENTRIES = 100;
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final JsonNode node;

    private Fields(JsonNode node) {
        this.node = node;
    }

    /** Checks that {@code node} is an object whose fields are all in {@code writable} or {@code readOnly}. */
    static Fields of(JsonNode node, Set<String> writable, Set<String> readOnly) {
        if (node == null || !node.isObject()) {
            throw CloudSigmaError.validation(null, "Expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!writable.contains(name) && !readOnly.contains(name)) {
                throw CloudSigmaError.validation(name, "Unknown field: " + shorten(name));
            }
        }
        return new Fields(node);
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    Optional<String> string(String name, int maxLength) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            throw CloudSigmaError.validation(name, name + " must be a string");
        }
        String s = v.asText();
        if (s.isEmpty() || s.length() > maxLength) {
            throw CloudSigmaError.validation(name, name + " must have 1 to " + maxLength + " characters");
        }
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw CloudSigmaError.validation(name, name + " must not contain control characters");
        }
        return Optional.of(s);
    }

    String requiredString(String name, int maxLength) {
        return string(name, maxLength).orElseThrow(() -> CloudSigmaError.validation(name, name + " is required"));
    }

    /** One of {@code allowed}. */
    Optional<String> choice(String name, Set<String> allowed) {
        Optional<String> value = string(name, 64);
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw CloudSigmaError.validation(name, name + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An integer in [min, max]. */
    Optional<Long> integer(String name, long min, long max) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw CloudSigmaError.validation(name, name + " must be an integer");
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw CloudSigmaError.validation(name, name + " must be between " + min + " and " + max);
        }
        return Optional.of(n);
    }

    void bool(String name) {
        if (has(name) && !node.get(name).isBoolean()) {
            throw CloudSigmaError.validation(name, name + " must be a boolean");
        }
    }

    void list(String name) {
        if (has(name) && !node.get(name).isArray()) {
            throw CloudSigmaError.validation(name, name + " must be a list");
        }
    }

    /** A string to string map with CloudSigma's key limit. */
    Optional<Map<String, String>> meta(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode v = node.get(name);
        if (!v.isObject()) {
            throw CloudSigmaError.validation(name, name + " must be a dictionary");
        }
        if (v.size() > MAX_META_ENTRIES) {
            throw CloudSigmaError.validation(name, name + " must have at most " + MAX_META_ENTRIES + " keys");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_META_KEY) {
                throw CloudSigmaError.validation(name, "meta keys must have 1 to " + MAX_META_KEY + " characters");
            }
            if (!e.getValue().isTextual()) {
                throw CloudSigmaError.validation(name, "meta values must be strings");
            }
            if (e.getValue().asText().length() > MAX_META_VALUE) {
                throw CloudSigmaError.validation(
                        name, "meta values must have at most " + MAX_META_VALUE + " characters");
            }
            meta.put(e.getKey(), e.getValue().asText());
        }
        return Optional.of(meta);
    }

    /**
     * A related object by uuid: the uuid itself, its resource URI ({@code /api/2.0/<resource>/<uuid>/}), or an
     * object with a {@code uuid} (what a client read back).
     */
    Optional<String> related(String name, String resource) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode v = node.get(name);
        String text;
        if (v.isObject() && v.path("uuid").isTextual()) {
            text = v.path("uuid").asText();
        } else if (v.isTextual()) {
            text = v.asText();
        } else {
            throw CloudSigmaError.validation(name, name + " must be a " + resource + " uuid");
        }
        Matcher uri =
                Pattern.compile("^/api/2\\.0/" + resource + "s/([^/]+)/?$").matcher(text);
        if (uri.matches()) {
            text = uri.group(1);
        }
        if (!UUID.matcher(text).matches()) {
            throw CloudSigmaError.validation(name, name + " must be a " + resource + " uuid");
        }
        return Optional.of(text.toLowerCase(java.util.Locale.ROOT));
    }

    static boolean isUuid(String text) {
        return UUID.matcher(text).matches();
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}

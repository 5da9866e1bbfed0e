package org.vmsnap.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field validation failed: field name to human-readable messages, in the order the fields were checked. */
public final class InvalidInputException extends VmsnapException {
    private final Map<String, List<String>> errors;

    public InvalidInputException(Map<String, List<String>> errors) {
        super("Invalid input: " + errors);
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Map.of(field, List.of(message)));
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}

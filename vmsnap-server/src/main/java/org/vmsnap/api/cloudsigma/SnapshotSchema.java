package org.vmsnap.api.cloudsigma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /snapshots/schema/}: the tastypie-style schema of other.md §A.6. */
final class SnapshotSchema {
    static final Map<String, Object> SCHEMA = schema();

    private SnapshotSchema() {}

    private static Map<String, Object> schema() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("allocated_size", field("integer", "Physical size of the snapshot", true, true, null));
        fields.put("drive", field("related", "Drive UUID", false, false, null));
        fields.put("grantees", field("list", "Grantees of the snapshot", false, true, List.of()));
        fields.put("meta", field("dict", "User defined meta information", false, true, Map.of()));
        fields.put("name", field("string", "Human readable name of the snapshot", false, true, null));
        fields.put("owner", field("related", "Owner of the snapshot", true, true, null));
        fields.put("permissions", field("list", "Permissions on the snapshot", false, true, List.of()));
        fields.put("resource_uri", field("string", "Resource URI", true, false, null));
        fields.put("status", field("string", "Status of the snapshot", true, false, null));
        fields.put("tags", field("related", "Many related resources", false, true, List.of()));
        fields.put("timestamp", field("string", "Time of creation of the snapshot", true, false, null));
        fields.put("uuid", field("string", "UUID of the snapshot", true, false, null));
        Map<String, Object> filtering = new LinkedHashMap<>();
        filtering.put("name", "exact");
        filtering.put("name__contains", "exact");
        filtering.put("tag", "exact");
        filtering.put("uuid", "exact");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("allowed_detail_http_methods", List.of("get", "put", "delete"));
        schema.put("allowed_list_http_methods", List.of("get", "put", "delete", "post"));
        schema.put("default_format", "application/json");
        schema.put("default_limit", Paging.DEFAULT_LIMIT);
        schema.put("fields", fields);
        schema.put("filtering", filtering);
        return java.util.Collections.unmodifiableMap(schema);
    }

    private static Map<String, Object> field(
            String type, String help, boolean readonly, boolean blank, Object defaultValue) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("blank", blank);
        f.put("default", defaultValue == null ? "" : defaultValue);
        f.put("help_text", help);
        f.put("nullable", readonly || type.equals("integer"));
        f.put("readonly", readonly);
        f.put("type", type);
        f.put("unique", type.equals("string") && help.startsWith("UUID"));
        return f;
    }
}

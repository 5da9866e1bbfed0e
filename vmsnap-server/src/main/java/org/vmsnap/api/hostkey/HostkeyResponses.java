package org.vmsnap.api.hostkey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** HOSTKEY's envelope: {@code {"result":"OK","module":..,"action":..,...}} or {@code {"code":-1,"message":..}}. */
final class HostkeyResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private HostkeyResponses() {}

    /** A success: {@code result}, {@code module} and {@code action} first, then the payload's keys. */
    static ResponseEntity<String> ok(String module, String action, Map<String, ?> payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", "OK");
        body.put("module", module);
        body.put("action", action);
        body.putAll(payload);
        return json(200, body);
    }

    static ResponseEntity<String> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", -1);
        body.put("message", message);
        return json(status, body);
    }

    static ResponseEntity<String> json(int status, Map<String, ?> body) {
        try {
            return ResponseEntity.status(status)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 2025-03-01 12:00:00}, UTC. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }
}

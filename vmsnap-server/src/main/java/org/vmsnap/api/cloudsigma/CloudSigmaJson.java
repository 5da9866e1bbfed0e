package org.vmsnap.api.cloudsigma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** JSON as CloudSigma renders it, and its answers: objects, list envelopes, error lists, empty 204s. */
final class CloudSigmaJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00:00'");

    private CloudSigmaJson() {}

    static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Python's {@code str()} of an aware UTC datetime: {@code 2014-06-05 09:52:53.896622+00:00}. */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.atOffset(ZoneOffset.UTC));
    }

    static ResponseEntity<String> ok(int status, Object body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(write(body));
    }

    /** 201 with {@code Location} of the first object created. */
    static ResponseEntity<String> created(String location, Object body) {
        return ResponseEntity.status(201)
                .header(HttpHeaders.LOCATION, location)
                .contentType(MediaType.APPLICATION_JSON)
                .body(write(body));
    }

    static ResponseEntity<String> noContent() {
        return ResponseEntity.status(204).build();
    }

    /** {@code {"objects": [...]}}. */
    static Map<String, Object> objects(List<?> objects) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("objects", objects);
        return body;
    }

    /** The list envelope: {@code {"meta": {"limit", "offset", "total_count"}, "objects": [...]}}. */
    static Map<String, Object> envelope(Paging paging, long total, List<?> objects) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("limit", paging.limit());
        meta.put("offset", paging.offset());
        meta.put("total_count", total);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meta", meta);
        body.put("objects", objects);
        return body;
    }

    /** CloudSigma's error body: a list with one {@code {"error_type", "error_message", "error_point"}}. */
    static ResponseEntity<String> error(int status, String type, String message, String point) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error_type", type);
        error.put("error_message", message);
        error.put("error_point", point);
        var builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status == 401) {
            builder = builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"users\"");
        }
        return builder.body(write(List.of(error)));
    }
}

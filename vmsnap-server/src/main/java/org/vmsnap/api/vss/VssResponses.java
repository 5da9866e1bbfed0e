package org.vmsnap.api.vss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.vmsnap.access.Caller;

/** VSS's body shapes: the {@code {_links, data, meta}} envelope and {@code {"status","error","message"}}. */
final class VssResponses {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String STARTED = "vmsnap.vss.started";

    private VssResponses() {}

    /** Remembers when the call began, for {@code meta.time}. */
    static void started(HttpServletRequest req) {
        req.setAttribute(STARTED, System.nanoTime());
    }

    /** Scheme, host and port the client used, e.g. {@code http://127.0.0.1:8000}. */
    static String base(HttpServletRequest req) {
        String url = req.getRequestURL().toString();
        return url.substring(0, url.length() - req.getRequestURI().length()) + req.getContextPath();
    }

    static String self(HttpServletRequest req) {
        return req.getRequestURL().toString();
    }

    static ObjectNode meta(HttpServletRequest req) {
        ObjectNode meta = JSON.createObjectNode();
        Object started = req.getAttribute(STARTED);
        long nanos = started instanceof Long t ? System.nanoTime() - t : 0;
        meta.put("time", String.format(Locale.ROOT, "%.5fs", nanos / 1e9));
        if (req.getAttribute(VssAuth.CALLER_ATTRIBUTE) instanceof Caller caller) {
            meta.put("user", caller.username());
        }
        return meta;
    }

    static ResponseEntity<String> envelope(HttpServletRequest req, int status, Object data, ObjectNode meta) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("_links").put("self", self(req));
        body.set("data", JSON.valueToTree(data));
        body.set("meta", meta);
        return json(status, body);
    }

    static ResponseEntity<String> ok(HttpServletRequest req, Object data) {
        return envelope(req, 200, data, meta(req));
    }

    static ResponseEntity<String> error(int status, String message) {
        HttpStatus known = HttpStatus.resolve(status);
        ObjectNode body = JSON.createObjectNode()
                .put("status", status)
                .put("error", known == null ? "Error" : known.getReasonPhrase())
                .put("message", message);
        return json(status, body);
    }

    static ResponseEntity<String> json(int status, Object body) {
        try {
            return ResponseEntity.status(status)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

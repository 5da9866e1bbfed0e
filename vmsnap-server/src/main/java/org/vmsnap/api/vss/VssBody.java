package org.vmsnap.api.vss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import org.vmsnap.web.RequestBody;

/** A JSON object body; unknown keys are ignored (VSS tolerates extra keys), known ones must have their type. */
final class VssBody {
    private final JsonNode root;

    private VssBody(JsonNode root) {
        this.root = root;
    }

    /** The request's body: JSON (or undeclared), at most {@link RequestBody#MAX_BYTES}; any other type is refused. */
    static VssBody read(HttpServletRequest req) {
        RequestBody body;
        try {
            body = RequestBody.read(req);
        } catch (RequestBody.TooLargeException e) {
            throw new VssBadRequest(413, "request body is too large");
        } catch (IOException e) {
            throw new VssBadRequest("cannot read request body");
        }
        if (!body.readableAsJson()) {
            throw new VssBadRequest(415, "unsupported media type: send application/json");
        }
        return parse(body.text());
    }

    static VssBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new VssBody(VssResponses.JSON.createObjectNode());
        }
        JsonNode root;
        try {
            root = VssResponses.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new VssBadRequest("request body is not valid JSON");
        }
        if (root == null || root.isNull()) {
            return new VssBody(VssResponses.JSON.createObjectNode());
        }
        if (!root.isObject()) {
            throw new VssBadRequest("request body must be a JSON object");
        }
        return new VssBody(root);
    }

    /** Absent or null: empty. */
    Optional<String> string(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new VssBadRequest(field + " must be a string");
        }
        return Optional.of(v.asText());
    }

    /** An integer, or a string of digits (query-string habits). */
    Optional<Integer> integer(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return Optional.of(v.intValue());
        }
        if (v.isTextual() && v.asText().strip().matches("-?[0-9]{1,9}")) {
            return Optional.of(Integer.parseInt(v.asText().strip()));
        }
        throw new VssBadRequest(field + " must be an integer");
    }

    Optional<Boolean> bool(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isBoolean()) {
            return Optional.of(v.booleanValue());
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(v.asText()));
        }
        throw new VssBadRequest(field + " must be true or false");
    }

    boolean has(String field) {
        return root.has(field);
    }
}

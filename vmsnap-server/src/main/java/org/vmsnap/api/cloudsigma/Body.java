package org.vmsnap.api.cloudsigma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A request's JSON body, read once and bounded in size. */
final class Body {
    static final int MAX_BODY = 1024 * 1024;

    private Body() {}

    /** The parsed body; an empty body is {@code null} JSON. */
    static JsonNode read(HttpServletRequest req) {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new CloudSigmaError(413, "validation", "Request body is too large", null);
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw CloudSigmaError.validation(null, "Cannot read request body");
        }
        if (bytes.length > MAX_BODY) {
            throw new CloudSigmaError(413, "validation", "Request body is too large", null);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return NullNode.getInstance();
        }
        try {
            return CloudSigmaJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw CloudSigmaError.validation(null, "Malformed JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The objects of a create or bulk call: {@code {"objects": [...]}}, a bare list, or (as pycloudsigma never
     * sends but curl users do) one bare object.
     */
    static List<JsonNode> objects(JsonNode body) {
        JsonNode list = body;
        if (body.isObject() && body.has("objects")) {
            list = body.get("objects");
            if (!list.isArray()) {
                throw CloudSigmaError.validation("objects", "objects must be a list");
            }
        } else if (body.isObject()) {
            return List.of(body);
        }
        if (!list.isArray()) {
            throw CloudSigmaError.validation(null, "Expected a JSON object or list of objects");
        }
        if (list.isEmpty()) {
            throw CloudSigmaError.validation("objects", "No objects given");
        }
        if (list.size() > 100) {
            throw CloudSigmaError.validation("objects", "At most 100 objects per request");
        }
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }
}

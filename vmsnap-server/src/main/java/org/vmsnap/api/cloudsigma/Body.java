package org.vmsnap.api.cloudsigma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vmsnap.web.RequestBody;

/** A request's JSON body, read once and bounded in size. */
final class Body {
    private Body() {}

    /** The parsed body; an empty body is {@code null} JSON; a body of another type than JSON is refused (415). */
    static JsonNode read(HttpServletRequest req) {
        RequestBody body;
        try {
            body = RequestBody.read(req);
        } catch (RequestBody.TooLargeException e) {
            throw new CloudSigmaError(413, "validation", "Request body is too large", null);
        } catch (IOException e) {
            throw CloudSigmaError.validation(null, "Cannot read request body");
        }
        if (!body.readableAsJson()) {
            throw new CloudSigmaError(415, "validation", "Unsupported content type: send JSON", null);
        }
        String text = body.text();
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

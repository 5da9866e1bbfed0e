package org.vmsnap.api.danube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.vmsnap.web.RequestBody;

/** Reads a call's parameters as Danube does: the query string for GET, the (JSON or form) body otherwise. */
@Component
class DanubeRequests {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    DanubeParams params(HttpServletRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            values.putAll(form(request.getQueryString()));
        }
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            return new DanubeParams(values);
        }
        RequestBody body = body(request);
        if (!body.readableAsJson() && body.kind() != RequestBody.Kind.FORM) {
            // DRF's answer to a body none of the view's parsers reads: nothing of it is taken for parameters
            throw new DanubeBadRequest(415, "Unsupported media type \"" + body.contentType() + "\" in request.");
        }
        if (body.kind() == RequestBody.Kind.FORM && !body.text().startsWith("{")) {
            values.putAll(form(body.text()));
        } else {
            values.putAll(json(body.text()));
        }
        return new DanubeParams(values);
    }

    /** {@code a=1&b=2&b=3}: repeated keys become lists. */
    static Map<String, Object> form(String text) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.merge(key, value, (old, add) -> {
                List<Object> list = old instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(old));
                list.add(add);
                return list;
            });
        }
        return values;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new DanubeBadRequest(400, "Malformed form data.");
        }
    }

    private static Map<String, Object> json(String text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DanubeBadRequest(400, "JSON parse error - " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new DanubeBadRequest(400, "JSON parse error - expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(node, LinkedHashMap.class);
        return map;
    }

    private static RequestBody body(HttpServletRequest request) {
        try {
            return RequestBody.read(request);
        } catch (RequestBody.TooLargeException e) {
            throw new DanubeBadRequest(413, "Request body is too large.");
        } catch (IOException e) {
            throw new DanubeBadRequest(400, "Cannot read request body.");
        }
    }
}

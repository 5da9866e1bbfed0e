package org.vmsnap.api.danube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Reads a call's parameters as Danube does: the query string for GET, the (JSON or form) body otherwise. */
@Component
class DanubeRequests {
    /** Bodies larger than this are refused. */
    static final int MAX_BODY = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    DanubeParams params(HttpServletRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            values.putAll(form(request.getQueryString()));
        }
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            return new DanubeParams(values);
        }
        String body = new String(read(request), StandardCharsets.UTF_8).strip();
        String contentType =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        // A form body is read as a form, unless it is plainly JSON (curl -d '{...}' sends a form content type).
        if (contentType.startsWith("application/x-www-form-urlencoded") && !body.startsWith("{")) {
            values.putAll(form(body));
        } else {
            values.putAll(json(body));
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

    private static byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new DanubeBadRequest(413, "Request body is too large.");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new DanubeBadRequest(413, "Request body is too large.");
            }
            return body;
        } catch (IOException e) {
            throw new DanubeBadRequest(400, "Cannot read request body.");
        }
    }
}

package org.vmsnap.api.cloudsigma;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The query string only (never a form body), first value of each name. */
final class Query {
    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = values;
    }

    static Query of(HttpServletRequest req) {
        Map<String, String> values = new LinkedHashMap<>();
        String text = req.getQueryString();
        if (text != null) {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                values.putIfAbsent(
                        decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new Query(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CloudSigmaError.validation(null, "Malformed query string");
        }
    }
}

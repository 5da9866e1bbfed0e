package org.vmsnap.api.hostkey;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Reads a call's parameters from the query string and then the form body, on any method (HOSTKEY's docs send form
 * bodies with GET). A body that is not a form (another content type) is ignored, as PHP ignores it.
 */
@Component
class HostkeyRequests {
    /** Bodies larger than this are refused. */
    static final int MAX_BODY = 1024 * 1024;

    HostkeyParams params(HttpServletRequest request) {
        HostkeyParams params = new HostkeyParams();
        if (request.getQueryString() != null) {
            parse(request.getQueryString(), params);
        }
        String type = request.getContentType() == null
                ? ""
                : request.getContentType().toLowerCase(Locale.ROOT).strip();
        if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded")) {
            parse(new String(read(request), StandardCharsets.UTF_8), params);
        }
        return params;
    }

    static void parse(String text, HostkeyParams into) {
        for (String pair : text.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).strip();
            if (name.isEmpty()) {
                continue;
            }
            into.add(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HostkeyError("malformed form data");
        }
    }

    private static byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new HostkeyError(413, "request body is too large");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HostkeyError(413, "request body is too large");
            }
            return body;
        } catch (IOException e) {
            throw new HostkeyError("cannot read request body");
        }
    }
}

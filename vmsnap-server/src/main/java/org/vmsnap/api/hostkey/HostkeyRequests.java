package org.vmsnap.api.hostkey;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.vmsnap.web.RequestBody;

/**
 * Reads a call's parameters as PHP's {@code $_REQUEST} has them: the query string, then a form body, url-encoded or
 * multipart (its file parts aside), on any method (HOSTKEY's docs send form bodies with GET). A body of any other
 * type is refused rather than ignored: its parameters would be lost.
 */
@Component
class HostkeyRequests {
    HostkeyParams params(HttpServletRequest request) {
        HostkeyParams params = new HostkeyParams();
        if (request.getQueryString() != null) {
            parse(request.getQueryString(), params);
        }
        if (RequestBody.kind(request.getContentType()) == RequestBody.Kind.MULTIPART) {
            parts(request, params);
            return params;
        }
        RequestBody body = body(request);
        switch (body.kind()) {
            case NONE, FORM -> parse(new String(body.bytes(), StandardCharsets.UTF_8), params);
            default -> {
                if (!body.isBlank()) {
                    throw new HostkeyError(415, "unsupported content type: send the parameters as a form");
                }
            }
        }
        return params;
    }

    private static void parts(HttpServletRequest request, HostkeyParams into) {
        if (request.getContentLengthLong() > RequestBody.MAX_BYTES) {
            throw new HostkeyError(413, "request body is too large");
        }
        try {
            for (Part part : request.getParts()) {
                if (part.getSubmittedFileName() != null) {
                    continue; // PHP puts uploads in $_FILES, never among the parameters
                }
                try (InputStream in = part.getInputStream()) {
                    into.add(part.getName(), new String(in.readNBytes(RequestBody.MAX_BYTES), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | ServletException | IllegalStateException e) {
            throw new HostkeyError("malformed multipart body");
        }
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

    private static RequestBody body(HttpServletRequest request) {
        try {
            return RequestBody.read(request);
        } catch (RequestBody.TooLargeException e) {
            throw new HostkeyError(413, "request body is too large");
        } catch (IOException e) {
            throw new HostkeyError("cannot read request body");
        }
    }
}

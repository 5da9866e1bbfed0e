package org.vmsnap.api.cloudsigma;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.vmsnap.web.ErrorShape;
import org.vmsnap.web.Failure;

/**
 * CloudSigma's error list for {@code /api/2.0/} requests no controller took (unknown URL, wrong method). Asked
 * before Danube's shape, whose URL space ({@code /api/}) contains this one.
 */
@Component
@Order(0)
class CloudSigmaFallback implements ErrorShape {
    static final String PREFIX = "/api/2.0/";

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX) || path.equals("/api/2.0");
    }

    @Override
    public ResponseEntity<String> render(HttpServletRequest req, Failure failure, Exception cause) {
        return switch (failure) {
            case NOT_FOUND -> CloudSigmaJson.error(404, "notexist", "No such resource", null);
            case BAD_REQUEST -> CloudSigmaJson.error(400, "validation", "Bad request", null);
            case METHOD_NOT_ALLOWED ->
                CloudSigmaJson.error(
                        405,
                        "validation",
                        "Method " + ((HttpRequestMethodNotSupportedException) cause).getMethod() + " not allowed",
                        null);
            case UNSUPPORTED_MEDIA_TYPE -> CloudSigmaJson.error(415, "validation", "Unsupported media type", null);
            case UNEXPECTED -> CloudSigmaJson.error(500, "backend", "Internal server error", null);
        };
    }
}

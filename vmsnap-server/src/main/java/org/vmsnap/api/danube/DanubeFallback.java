package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.vmsnap.web.ErrorShape;
import org.vmsnap.web.Failure;

/**
 * Danube's {@code {"detail"}} shape for errors raised before any controller is chosen (no such URL, wrong method)
 * or not foreseen. Danube is the first front door and answers any path no other front door claims, so it is asked
 * last.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class DanubeFallback implements ErrorShape {
    @Override
    public boolean serves(String path) {
        return true;
    }

    @Override
    public ResponseEntity<String> render(HttpServletRequest req, Failure failure, Exception cause) {
        return switch (failure) {
            case NOT_FOUND -> DanubeResponses.detail(req, 404, "Not found");
            case BAD_REQUEST -> DanubeResponses.detail(req, 400, "Malformed request.");
            case METHOD_NOT_ALLOWED ->
                DanubeResponses.detail(
                        req,
                        405,
                        "Method \"" + ((HttpRequestMethodNotSupportedException) cause).getMethod() + "\" not allowed.");
            case UNSUPPORTED_MEDIA_TYPE -> DanubeResponses.detail(req, 415, "Unsupported media type in request.");
            case UNEXPECTED -> DanubeResponses.detail(req, 500, "Internal Server Error");
        };
    }
}

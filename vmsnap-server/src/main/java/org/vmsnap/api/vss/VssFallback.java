package org.vmsnap.api.vss;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.vmsnap.web.ErrorShape;
import org.vmsnap.web.Failure;

/** VSS's error shape for {@code /auth/} and {@code /v2/} failures raised outside its controllers. */
@Component
@Order(100)
class VssFallback implements ErrorShape {
    @Override
    public boolean serves(String path) {
        return path.startsWith("/v2/") || path.equals("/v2") || path.startsWith("/auth/");
    }

    @Override
    public ResponseEntity<String> render(HttpServletRequest req, Failure failure, Exception cause) {
        return switch (failure) {
            case NOT_FOUND -> VssResponses.error(404, "Not found");
            case BAD_REQUEST -> VssResponses.error(400, "bad request");
            case METHOD_NOT_ALLOWED ->
                VssResponses.error(
                        405, "method " + ((HttpRequestMethodNotSupportedException) cause).getMethod() + " not allowed");
            case UNSUPPORTED_MEDIA_TYPE -> VssResponses.error(415, "unsupported media type");
            case UNEXPECTED -> VssResponses.error(500, "server error");
        };
    }
}

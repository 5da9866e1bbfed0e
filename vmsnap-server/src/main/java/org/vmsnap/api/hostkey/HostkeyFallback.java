package org.vmsnap.api.hostkey;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.vmsnap.web.ErrorShape;
import org.vmsnap.web.Failure;

/** HOSTKEY's {@code {"code":-1,"message"}} for wrong methods and unforeseen failures on its three scripts. */
@Component
@Order(100)
class HostkeyFallback implements ErrorShape {
    static final Set<String> PATHS = Set.of("/auth.php", "/vm.php", "/eq_callback.php");

    @Override
    public boolean serves(String path) {
        return PATHS.contains(path);
    }

    @Override
    public ResponseEntity<String> render(HttpServletRequest req, Failure failure, Exception cause) {
        return switch (failure) {
            case NOT_FOUND -> HostkeyResponses.error(404, "not found");
            case BAD_REQUEST -> HostkeyResponses.error(400, "bad request");
            case METHOD_NOT_ALLOWED -> HostkeyResponses.error(405, "method not allowed");
            case UNSUPPORTED_MEDIA_TYPE -> HostkeyResponses.error(415, "unsupported media type");
            case UNEXPECTED -> HostkeyResponses.error(500, "internal error");
        };
    }
}

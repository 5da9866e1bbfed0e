package org.vmsnap.api.vss;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /auth/request-token}: HTTP Basic (username or email) → {@code {"token": <JWT>}}. */
@RestController
class VssTokenController {
    private final VssAuth auth;

    VssTokenController(VssAuth auth) {
        this.auth = auth;
    }

    @PostMapping("/auth/request-token")
    ResponseEntity<String> token(HttpServletRequest req) {
        // {"otp": ...}: vmsnap accounts have no second factor, so a one-time password is not needed (nor checked)
        VssBody.read(req).string("otp");
        return VssResponses.json(200, Map.of("token", auth.issue(req)));
    }
}

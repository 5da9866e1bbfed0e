package org.vmsnap.api.cloudsigma;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.access.PasswordAuthService;
import org.vmsnap.access.WebSession;
import org.vmsnap.snapshot.AccountSnapshotQuota;
import org.vmsnap.snapshot.DriveSnapshotService;

/** Session login and logout ({@code /accounts/action/?do=login|logout}) and {@code /capabilities/}. */
@RestController
class CloudSigmaAccountController {
    private final PasswordAuthService passwords;
    private final DriveSnapshotService snapshots;
    private final CloudSigmaAuth auth;

    CloudSigmaAccountController(PasswordAuthService passwords, DriveSnapshotService snapshots, CloudSigmaAuth auth) {
        this.passwords = passwords;
        this.snapshots = snapshots;
        this.auth = auth;
    }

    @PostMapping("/api/2.0/accounts/action/")
    ResponseEntity<String> action(HttpServletRequest req) {
        String action = Query.of(req).get("do").orElse("");
        return switch (action) {
            case "login" -> login(req);
            case "logout" -> logout(req);
            default -> throw CloudSigmaError.validation("do", "Unknown action");
        };
    }

    private ResponseEntity<String> login(HttpServletRequest req) {
        Fields f = Fields.of(Body.read(req), Set.of("username", "password"), Set.of());
        String username = f.requiredString("username", 254);
        String password = f.requiredString("password", 1024);
        WebSession session = passwords.login(username, password, req.getRemoteAddr());
        Duration age = PasswordAuthService.SESSION_LIFETIME;
        ResponseCookie sessionCookie = ResponseCookie.from(CloudSigmaAuth.SESSION_COOKIE, session.sessionId())
                .path("/")
                .httpOnly(true)
                .maxAge(age)
                .sameSite("Lax")
                .build();
        ResponseCookie csrfCookie = ResponseCookie.from(CloudSigmaAuth.CSRF_COOKIE, session.csrfToken())
                .path("/")
                .maxAge(age)
                .sameSite("Lax")
                .build();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", session.user().email());
        body.put("uuid", session.user().uuid());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, sessionCookie.toString())
                .header(HttpHeaders.SET_COOKIE, csrfCookie.toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body(CloudSigmaJson.write(body));
    }

    private ResponseEntity<String> logout(HttpServletRequest req) {
        auth.caller(req);
        CloudSigmaAuth.cookie(req, CloudSigmaAuth.SESSION_COOKIE).ifPresent(passwords::logout);
        ResponseCookie expired = ResponseCookie.from(CloudSigmaAuth.SESSION_COOKIE, "")
                .path("/")
                .maxAge(0)
                .build();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, expired.toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{}");
    }

    @GetMapping("/api/2.0/capabilities/")
    ResponseEntity<String> capabilities(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        AccountSnapshotQuota quota = snapshots.quota(caller);
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("current", quota.current());
        limits.put("max", quota.max());
        limits.put("max_per_drive", quota.maxPerDrive());
        return CloudSigmaJson.ok(200, Map.of("snapshots", limits));
    }
}

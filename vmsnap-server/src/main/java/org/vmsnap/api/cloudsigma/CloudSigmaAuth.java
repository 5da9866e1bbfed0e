package org.vmsnap.api.cloudsigma;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.PasswordAuthService;
import org.vmsnap.access.User;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;

/**
 * Who is calling: HTTP Basic with e-mail and password, or the {@code sessionid} cookie of a login; with a session,
 * a call that changes something must echo the {@code csrftoken} cookie in {@code X-CSRFToken}.
 */
@Component
class CloudSigmaAuth {
    static final String SESSION_COOKIE = "sessionid";
    static final String CSRF_COOKIE = "csrftoken";

    private final PasswordAuthService passwords;
    private final AccessService access;

    CloudSigmaAuth(PasswordAuthService passwords, AccessService access) {
        this.passwords = passwords;
        this.access = access;
    }

    Caller caller(HttpServletRequest req) {
        return access.callerIn(user(req), Optional.empty());
    }

    private User user(HttpServletRequest req) {
        String authorization = req.getHeader("Authorization");
        if (authorization != null
                && authorization.strip().toLowerCase(Locale.ROOT).startsWith("basic ")) {
            String[] credentials = basic(authorization.strip().substring(6).strip());
            return passwords.authenticate(credentials[0], credentials[1], req.getRemoteAddr());
        }
        Optional<String> session = cookie(req, SESSION_COOKIE);
        if (session.isPresent()) {
            boolean safe = req.getMethod().equals("GET") || req.getMethod().equals("HEAD");
            Optional<String> csrf = Optional.ofNullable(req.getHeader("X-CSRFToken"));
            if (!safe && csrf.isEmpty()) {
                throw new CloudSigmaError(403, "permission", "CSRF token missing", null);
            }
            return passwords.session(session.get(), safe ? Optional.empty() : csrf);
        }
        throw new AuthenticationException(Reason.MISSING);
    }

    private static String[] basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(Reason.BAD_CREDENTIALS);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AuthenticationException(Reason.BAD_CREDENTIALS);
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    static Optional<String> cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(name) && !c.getValue().isEmpty()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }
}

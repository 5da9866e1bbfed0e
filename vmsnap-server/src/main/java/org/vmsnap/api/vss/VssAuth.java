package org.vmsnap.api.vss;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.SigningKeys;
import org.vmsnap.access.User;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;

/** HTTP Basic for the token endpoint, {@code Authorization: Bearer <JWT>} for everything else. Nothing is stored. */
@Component
class VssAuth {
    static final String CALLER_ATTRIBUTE = "vmsnap.vss.caller";
    private static final String KEY_NAME = SigningKeys.VSS_TOKENS;

    private final AccessService access;
    private final SigningKeys keys;
    private final Clock clock;
    private final Duration lifetime;

    VssAuth(
            AccessService access,
            SigningKeys keys,
            Clock clock,
            @Value("${vmsnap.vss.token-lifetime:PT8H}") Duration lifetime) {
        this.access = access;
        this.keys = keys;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Checks the Basic credentials (username or email) and issues a signed token. */
    String issue(HttpServletRequest request) {
        String[] credentials = basic(request.getHeader("Authorization"))
                .orElseThrow(() -> new AuthenticationException(Reason.MISSING));
        User user = access.authenticatePassword(credentials[0], credentials[1], request.getRemoteAddr());
        Instant now = clock.instant();
        return VssJwt.sign(new VssJwt.Claims(user.username(), user.id(), now, now.plus(lifetime)), keys.key(KEY_NAME));
    }

    Caller caller(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw new AuthenticationException(Reason.MISSING);
        }
        String[] parts = header.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new AuthenticationException(Reason.INVALID_TOKEN);
        }
        VssJwt.Claims claims = VssJwt.verify(parts[1], keys.key(KEY_NAME), clock.instant())
                .orElseThrow(() -> new AuthenticationException(Reason.INVALID_TOKEN));
        User user = access.activeUser(claims.userId());
        if (!user.username().equals(claims.subject())) {
            throw new AuthenticationException(Reason.INVALID_TOKEN);
        }
        Caller caller = access.callerIn(user, Optional.empty());
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        return caller;
    }

    private static Optional<String[]> basic(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(Reason.BAD_CREDENTIALS);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AuthenticationException(Reason.BAD_CREDENTIALS);
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}

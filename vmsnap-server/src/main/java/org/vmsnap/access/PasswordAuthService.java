package org.vmsnap.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;

/**
 * Password authentication by e-mail address, for front doors whose clients send credentials on every call (HTTP
 * Basic) or log in once for a cookie session (CloudSigma). A verified e-mail and password pair is remembered, as a
 * digest, for {@link #VERIFIED_FOR}, so a client sending Basic credentials on every call does not pay a BCrypt check
 * each time. Thread-safe.
 */
@Service
public class PasswordAuthService {
    /** How long a session cookie is valid after login. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(24);

    /** How long a verified password is trusted without a new BCrypt check. */
    static final Duration VERIFIED_FOR = Duration.ofSeconds(60);

    private final SessionStore sessions;
    private final UserStore users;
    private final Clock clock;
    private final PasswordCheck passwords;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(long userId, Instant until) {}

    public PasswordAuthService(SessionStore sessions, UserStore users, Clock clock, PasswordCheck passwords) {
        this.passwords = passwords;
        this.sessions = sessions;
        this.users = users;
        this.clock = clock;
    }

    /** The active user with API access whose e-mail and password these are. */
    public User authenticate(String email, String password, String address) {
        String key = Secrets.digest(email.toLowerCase(java.util.Locale.ROOT) + "\0" + password);
        Instant now = clock.instant();
        Verified known = verified.get(key);
        if (known != null && now.isBefore(known.until())) {
            Optional<User> user = users.byId(known.userId());
            if (user.isPresent()) {
                return usable(user.get());
            }
        }
        long userId = passwords.check(
                email,
                address,
                password,
                sessions.byEmail(email).stream()
                        .map(c -> new PasswordCheck.Candidate(c.passwordHash(), c.userId()))
                        .toList());
        if (verified.size() > 10_000) {
            verified.values().removeIf(v -> !now.isBefore(v.until()));
        }
        verified.put(key, new Verified(userId, now.plus(VERIFIED_FOR)));
        return usable(users.byId(userId).orElseThrow(() -> new AuthenticationException(Reason.BAD_CREDENTIALS)));
    }

    /** Checks the password and opens a cookie session. */
    @Transactional
    public WebSession login(String email, String password, String address) {
        User user = authenticate(email, password, address);
        String sessionId = Secrets.randomHex(20);
        String csrf = Secrets.randomHex(16);
        Instant now = clock.instant();
        sessions.deleteOlderThan(now.minus(SESSION_LIFETIME));
        sessions.insert(Secrets.digest(sessionId), Secrets.digest(csrf), user.id(), now);
        return new WebSession(sessionId, csrf, user);
    }

    /**
     * The user of a session. With {@code csrfToken} present it must match the session's (calls that change
     * something pass it; reading calls pass empty).
     */
    public User session(String sessionId, Optional<String> csrfToken) {
        SessionStore.SessionRow row = sessions.session(Secrets.digest(sessionId))
                .filter(r -> clock.instant().isBefore(r.created().plus(SESSION_LIFETIME)))
                .orElseThrow(() -> new AuthenticationException(Reason.INVALID_TOKEN));
        if (csrfToken.isPresent() && !constantTimeEquals(Secrets.digest(csrfToken.get()), row.csrfHash())) {
            throw new AuthenticationException(Reason.INVALID_TOKEN);
        }
        return usable(users.byId(row.userId()).orElseThrow(() -> new AuthenticationException(Reason.INVALID_TOKEN)));
    }

    /** Ends a session; an unknown one is ignored. */
    public void logout(String sessionId) {
        sessions.delete(Secrets.digest(sessionId));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static User usable(User user) {
        if (!user.active()) {
            throw new AuthenticationException(Reason.INACTIVE);
        }
        if (!user.apiAccess()) {
            throw new AuthenticationException(Reason.NO_API_ACCESS);
        }
        return user;
    }
}

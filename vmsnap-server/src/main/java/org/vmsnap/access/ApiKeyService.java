package org.vmsnap.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/**
 * API keys that are exchanged for session tokens with a caller-chosen lifetime (HOSTKEY's {@code auth.php}). A
 * user may hold several keys and several live sessions; keys and tokens are stored as SHA-256 digests only. These
 * keys are not Danube's {@code ES-API-KEY}: that one authenticates each call by itself and is kept on the user.
 * Thread-safe.
 */
@Service
public class ApiKeyService {
    /** Session lifetime when the login names none (HOSTKEY's default, 3 h). */
    public static final Duration DEFAULT_TTL = Duration.ofHours(3);
    /** Longest session a login may ask for. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final ApiKeyStore store;
    private final UserStore users;
    private final Clock clock;

    ApiKeyService(ApiKeyStore store, UserStore users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Creates a new API key for {@code username} and returns it in clear text (the only copy). Admins create keys
     * for users of their DC, superadmins for anyone; a user the actor may not manage answers as missing.
     */
    @Transactional
    public String createKey(Caller actor, String username) {
        if (!actor.isAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        User user = users.credentials(username)
                .map(UserStore.Credentials::user)
                .filter(u -> actor.isSuperAdmin() || (u.dcId() == actor.dcId() && u.role() != Role.SUPERADMIN))
                .orElseThrow(() -> new NotFoundException(ObjectKind.USER));
        String key = Secrets.randomHex(32);
        store.insertKey(user.id(), Secrets.digest(key), clock.instant());
        log.info("user {} created an API key for {}", actor.username(), user.username());
        return key;
    }

    /** Opens a session for an API key; {@code ttl} must lie between one second and {@link #MAX_TTL}. */
    @Transactional
    public LoginResult login(String apiKey, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw InvalidInputException.of("ttl", "must be between 1 and " + MAX_TTL.toSeconds() + " seconds");
        }
        long userId = store.userOfKey(Secrets.digest(apiKey))
                .orElseThrow(() -> new AuthenticationException(Reason.INVALID_API_KEY));
        User user = AccessService.usable(users.byId(userId).orElseThrow());
        Instant now = clock.instant();
        store.deleteExpired(now);
        String token = Secrets.randomHex(16);
        Instant expires = now.plus(ttl);
        store.insertSession(user.id(), Secrets.digest(token), now, expires);
        log.info("user {} opened an API key session", user.username());
        return new LoginResult(token, expires, user);
    }

    /** The session behind a token: {@link Reason#INVALID_TOKEN} when unknown, {@link Reason#MISSING} when expired. */
    public LoginResult session(String token) {
        ApiKeyStore.SessionRow row = store.session(Secrets.digest(token))
                .orElseThrow(() -> new AuthenticationException(Reason.INVALID_TOKEN));
        if (!clock.instant().isBefore(row.expires())) {
            throw new AuthenticationException(Reason.MISSING);
        }
        User user = AccessService.usable(users.byId(row.userId()).orElseThrow());
        return new LoginResult(token, row.expires(), user);
    }

    /** Ends a session; an unknown token is ignored. */
    public void logout(String token) {
        store.deleteSession(Secrets.digest(token));
    }
}

package org.vmsnap.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/**
 * Users, credentials and DCs. Passwords are stored as BCrypt hashes, tokens and API keys as SHA-256 digests; no
 * secret is ever logged. Thread-safe.
 */
@Service
public class AccessService {
    /** Danube's fixed token lifetime (not sliding). */
    public static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3600);

    private static final Logger log = LoggerFactory.getLogger(AccessService.class);

    private final UserStore store;
    private final Clock clock;
    private final Map<String, Dc> dcsByName = new ConcurrentHashMap<>();
    private final Map<Long, Dc> dcsById = new ConcurrentHashMap<>();
    private final PasswordCheck passwords;

    public AccessService(UserStore store, Clock clock, PasswordCheck passwords) {
        this.store = store;
        this.clock = clock;
        this.passwords = passwords;
    }

    /**
     * Checks a password and issues a new token, replacing the user's previous one. Failures from {@code address} or
     * for the account are throttled ({@link LoginThrottle}), answered in the same time whether the account exists or
     * not, and recorded for the audit log.
     */
    @Transactional
    public LoginResult login(String username, String password, String address) {
        UserStore.Credentials credentials = checkPassword(username, address, password, store.credentials(username));
        User user = credentials.user();
        if (!user.active()) {
            throw new AuthenticationException(Reason.INACTIVE);
        }
        if (!user.apiAccess()) {
            throw new AuthenticationException(Reason.NO_API_ACCESS);
        }
        String token = Secrets.randomHex(20);
        Instant now = clock.instant();
        store.replaceToken(user.id(), Secrets.digest(token), now);
        log.info("user {} logged in", user.username());
        return new LoginResult(token, now.plus(TOKEN_LIFETIME), user);
    }

    /**
     * Checks a password without issuing a session token, for front doors with their own (stateless) tokens.
     * {@code login} is a username or, when it names no user, the email of exactly one user.
     */
    public User authenticatePassword(String login, String password, String address) {
        java.util.List<UserStore.Credentials> candidates =
                store.credentials(login).map(java.util.List::of).orElseGet(() -> store.credentialsByEmail(login));
        Optional<UserStore.Credentials> one =
                candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
        return usable(checkPassword(login, address, password, one).user());
    }

    private UserStore.Credentials checkPassword(
            String login, String address, String password, Optional<UserStore.Credentials> account) {
        passwords.check(
                login,
                address,
                password,
                account.map(c -> List.of(new PasswordCheck.Candidate(
                                c.passwordHash(), c.user().id())))
                        .orElse(List.of()));
        return account.orElseThrow();
    }

    /** The user a stateless token names, if the account still exists and may use the API. */
    public User activeUser(long id) {
        return usable(store.byId(id).orElseThrow(() -> new AuthenticationException(Reason.INVALID_TOKEN)));
    }

    /** Deletes the session token; unknown tokens are ignored. */
    public void logout(String token) {
        store.deleteToken(Secrets.digest(token));
    }

    /** The user behind a session token; an expired token counts as {@link Reason#MISSING}. */
    public User authenticateToken(String token) {
        UserStore.TokenRow row =
                store.token(Secrets.digest(token)).orElseThrow(() -> new AuthenticationException(Reason.INVALID_TOKEN));
        if (clock.instant().isAfter(row.created().plus(TOKEN_LIFETIME))) {
            // Danube treats an expired token as no credentials at all.
            throw new AuthenticationException(Reason.MISSING);
        }
        return usable(row.user());
    }

    /** The user behind an API key. */
    public User authenticateApiKey(String apiKey) {
        return usable(store.byApiKeyHash(Secrets.digest(apiKey))
                .orElseThrow(() -> new AuthenticationException(Reason.INVALID_API_KEY)));
    }

    /** Where {@code user} acts: the named DC, or the user's own when {@code dcName} is empty. */
    public Caller callerIn(User user, Optional<String> dcName) {
        Dc dc = dcName.map(name -> dcByName(name)
                        .filter(d -> user.role() == Role.SUPERADMIN || d.id() == user.dcId())
                        .orElseThrow(() -> new NotFoundException(ObjectKind.DC)))
                .orElseGet(() -> dcById(user.dcId()));
        return new Caller(user.id(), user.username(), user.role(), dc.id(), dc.name());
    }

    // DCs never change name once created, so they are cached (one lookup fewer on every call).
    private Optional<Dc> dcByName(String name) {
        Dc cached = dcsByName.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Dc> dc = store.dc(name);
        dc.ifPresent(d -> {
            dcsByName.put(d.name(), d);
            dcsById.put(d.id(), d);
        });
        return dc;
    }

    private Dc dcById(long id) {
        return dcsById.computeIfAbsent(id, key -> store.dc(key).orElseThrow());
    }

    /** The system user in the DC of the account {@code userId} (the default DC when null or gone), for audits. */
    public Caller systemCallerFor(Long userId) {
        long dcId = Optional.ofNullable(userId)
                .flatMap(store::byId)
                .map(User::dcId)
                .orElseGet(() -> dcByName(Dc.DEFAULT).orElseThrow().id());
        return systemCaller(dcId);
    }

    /** The system user (Danube's task user 7) acting for the scheduler in DC {@code dcId}. */
    public Caller systemCaller(long dcId) {
        Dc dc = dcById(dcId);
        return new Caller(Caller.SYSTEM_USER_ID, "system", Role.SUPERADMIN, dc.id(), dc.name());
    }

    /** Creates an account in the caller's DC; only admins may, and only superadmins create superadmins. */
    @Transactional
    public User createUser(Caller actor, CreateUserCommand command) {
        if (!actor.isAdmin() || (command.role() == Role.SUPERADMIN && !actor.isSuperAdmin())) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        if (store.exists(command.username())) {
            throw new AlreadyExistsException(ObjectKind.USER);
        }
        return insert(command, actor.dcId());
    }

    /** Looks a user up by username. */
    public Optional<User> findByUsername(String username) {
        return store.credentials(username).map(UserStore.Credentials::user);
    }

    /** Looks a user up by id. */
    public Optional<User> user(long id) {
        return store.byId(id);
    }

    /**
     * Makes sure the default DC and the superadmin {@code admin} exist. Returns the password when one had to be
     * generated (the caller prints it once); empty when the admin existed or the password was given.
     */
    @Transactional
    public Optional<String> bootstrap(Optional<String> adminPassword) {
        if (store.dc(Dc.DEFAULT).isEmpty()) {
            store.insertDc(Dc.DEFAULT, clock.instant());
        }
        if (store.exists("admin")) {
            return Optional.empty();
        }
        String password = adminPassword.filter(p -> !p.isBlank()).orElseGet(() -> Secrets.randomHex(12));
        insert(
                new CreateUserCommand("admin", password, "admin@localhost", true, Role.SUPERADMIN, Optional.empty()),
                store.dc(Dc.DEFAULT).orElseThrow().id());
        return adminPassword.filter(p -> !p.isBlank()).isPresent() ? Optional.empty() : Optional.of(password);
    }

    private User insert(CreateUserCommand command, long dcId) {
        User draft = new User(
                0,
                UUID.randomUUID().toString(),
                command.username(),
                command.email(),
                command.role(),
                command.apiAccess(),
                true,
                dcId,
                clock.instant());
        long id = store.insert(
                draft,
                Passwords.hash(command.password()),
                command.apiKey().map(Secrets::digest).orElse(null));
        return store.byId(id).orElseThrow();
    }

    static User usable(User user) {
        if (!user.active()) {
            throw new AuthenticationException(Reason.INACTIVE);
        }
        if (!user.apiAccess()) {
            throw new AuthenticationException(Reason.NO_API_ACCESS);
        }
        return user;
    }
}

package org.vmsnap.access;

import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;
import org.vmsnap.shared.ThrottledException;

/**
 * The password check of every login (Danube's, VSS's token request, CloudSigma's Basic and session logins): refused
 * while its backoff runs ({@link LoginThrottle}), as slow for a name no account has as for a wrong password, and
 * every failure published for the audit log ({@link LoginFailed}).
 */
@Component
class PasswordCheck {
    /** An account a login may name: its password hash and id. */
    record Candidate(String passwordHash, long userId) {}

    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;

    PasswordCheck(LoginThrottle throttle, ApplicationEventPublisher events) {
        this.throttle = throttle;
        this.events = events;
    }

    /** The id of the first candidate the password is right for; else {@link AuthenticationException}. */
    long check(String login, String address, String password, List<Candidate> candidates) {
        Optional<Long> named = candidates.stream().map(Candidate::userId).findFirst();
        try {
            throttle.check(login, address);
        } catch (ThrottledException e) {
            events.publishEvent(failure(login, address, named, true));
            throw e;
        }
        if (candidates.isEmpty()) {
            Passwords.matchNothing(password);
        }
        Optional<Long> match = candidates.stream()
                .filter(c -> Passwords.matches(password, c.passwordHash()))
                .map(Candidate::userId)
                .findFirst();
        if (match.isEmpty()) {
            throttle.failed(login, address);
            events.publishEvent(failure(login, address, named, false));
            throw new AuthenticationException(Reason.BAD_CREDENTIALS);
        }
        throttle.succeeded(login, address);
        return match.get();
    }

    private static LoginFailed failure(String login, String address, Optional<Long> userId, boolean throttled) {
        return new LoginFailed(
                login.length() > 150 ? login.substring(0, 150) : login, address, userId.orElse(null), throttled);
    }
}

package org.vmsnap.access;

import java.util.Objects;

/**
 * A cookie session just opened: the two secrets the client gets (only their digests are stored).
 *
 * @param sessionId value of the session cookie
 * @param csrfToken value of the CSRF cookie, to be echoed in a header on every changing call
 */
public record WebSession(String sessionId, String csrfToken, User user) {
    public WebSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(user, "user");
    }
}

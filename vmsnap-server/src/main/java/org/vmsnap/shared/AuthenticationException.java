package org.vmsnap.shared;

/** Credentials are missing, wrong, expired, or belong to an account that may not use the API. */
public final class AuthenticationException extends VmsnapException {
    /** Why authentication failed; front doors pick their wording from this. */
    public enum Reason {
        MISSING,
        INVALID_TOKEN,
        INVALID_API_KEY,
        BAD_CREDENTIALS,
        INACTIVE,
        NO_API_ACCESS
    }

    private final Reason reason;

    public AuthenticationException(Reason reason) {
        super(reason.name());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

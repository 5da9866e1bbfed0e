package org.vmsnap.shared;

/** Too many failed logins from this address or for this account: try again after {@link #retryAfterSeconds}. */
public final class ThrottledException extends VmsnapException {
    private final long retryAfterSeconds;

    public ThrottledException(long retryAfterSeconds) {
        super("Request was throttled. Expected available in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package org.vmsnap.shared;

/** A count quota (snapshots per drive, per account) would be passed; nothing was changed. */
public final class QuotaExceededException extends VmsnapException {
    /** What the quota counts over. */
    public enum Scope {
        DRIVE,
        ACCOUNT
    }

    private final Scope scope;
    private final long limit;

    public QuotaExceededException(Scope scope, long limit) {
        super("snapshot quota per " + scope.name().toLowerCase(java.util.Locale.ROOT) + " reached (" + limit + ")");
        this.scope = scope;
        this.limit = limit;
    }

    public Scope scope() {
        return scope;
    }

    public long limit() {
        return limit;
    }
}

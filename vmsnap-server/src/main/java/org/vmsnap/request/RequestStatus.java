package org.vmsnap.request;

/**
 * Where a snapshot request is. A Create goes SUBMITTED → IN_PROGRESS (snapshots being taken) → SCHEDULED (they
 * exist; deletion due at {@code to_date}) → EXPIRING (being deleted) → PROCESSED; Delete and Revert go
 * IN_PROGRESS → PROCESSED. Any of them may end in ERROR.
 */
public enum RequestStatus {
    SUBMITTED,
    IN_PROGRESS,
    SCHEDULED,
    EXPIRING,
    PROCESSED,
    ERROR;

    /** The VSS status name: the deletion at expiry shows as IN_PROGRESS. */
    public String wireName() {
        return this == EXPIRING ? "IN_PROGRESS" : name();
    }

    public boolean finished() {
        return this == PROCESSED || this == ERROR;
    }
}

package org.vmsnap.shared;

/** The disk is not in a state that allows the operation (still being created, cloned or deleted; attached). */
public final class DiskStateException extends VmsnapException {
    /** What is in the way. */
    public enum Reason {
        /** Its image is being created, cloned or deleted, or does not exist. */
        NOT_READY,
        /** It is attached to a VM. */
        ATTACHED
    }

    private final Reason reason;

    public DiskStateException(Reason reason) {
        super("disk " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package org.vmsnap.shared;

/** The object does not exist or the caller may not see it; both answer the same. */
public final class NotFoundException extends VmsnapException {
    private final ObjectKind kind;

    public NotFoundException(ObjectKind kind) {
        super(kind + " not found");
        this.kind = kind;
    }

    public ObjectKind kind() {
        return kind;
    }
}

package org.vmsnap.shared;

/** An object with that name already exists in its scope. */
public final class AlreadyExistsException extends VmsnapException {
    private final ObjectKind kind;

    public AlreadyExistsException(ObjectKind kind) {
        super(kind + " already exists");
        this.kind = kind;
    }

    public ObjectKind kind() {
        return kind;
    }
}

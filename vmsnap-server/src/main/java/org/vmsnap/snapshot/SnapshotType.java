package org.vmsnap.snapshot;

/** Who asked for a snapshot. Danube codes: 1 automatic, 2 manual. */
public enum SnapshotType {
    AUTOMATIC(1),
    MANUAL(2);

    private final int code;

    SnapshotType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}

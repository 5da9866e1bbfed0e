package org.vmsnap.shared;

/** The kinds of objects a lookup can fail to find or find twice. */
public enum ObjectKind {
    DC,
    USER,
    NODE,
    VM,
    DISK,
    SNAPSHOT,
    SNAPSHOT_DEFINITION,
    TASK
}

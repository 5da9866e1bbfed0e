package org.vmsnap.snapshot;

/** What a rollback does with snapshots newer than the one rolled back to. */
public enum NewerSnapshots {
    /** Delete them (Danube {@code force=true}). */
    DISCARD,
    /** Refuse unless there are none (Danube {@code force=false}). */
    REFUSE,
    /** Keep them; qcow2 can. */
    KEEP
}

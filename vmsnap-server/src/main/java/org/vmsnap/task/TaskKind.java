package org.vmsnap.task;

/** What a task does. */
public enum TaskKind {
    VM_DEPLOY,
    VM_UNDEPLOY,
    SNAPSHOT_CREATE,
    SNAPSHOT_DELETE,
    SNAPSHOT_ROLLBACK,
    SNAPSHOT_RESTORE,
    SNAPSHOT_SYNC,
    VM_START,
    VM_STOP,
    /** Measures a VM's disks and snapshots (HOSTKEY load_stats). */
    VM_STATS,
    DRIVE_CREATE,
    DRIVE_DELETE,
    DRIVE_CLONE
}

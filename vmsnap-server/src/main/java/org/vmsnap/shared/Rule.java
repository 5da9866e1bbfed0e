package org.vmsnap.shared;

/** Business rules whose violation stops an operation before any work starts. */
public enum Rule {
    VM_NOT_OPERATIONAL,
    VM_NOT_STOPPED,
    VM_NOT_INSTALLED,
    VM_ALREADY_INSTALLED,
    VM_HAS_PENDING_TASKS,
    VM_HAS_NO_DISKS,
    NODE_NOT_OPERATIONAL,
    SNAPSHOT_STATUS_NOT_OK,
    VM_HAS_MORE_RECENT_SNAPSHOTS,
    TARGET_VM_HAS_SNAPSHOTS,
    DISK_SIZE_MISMATCH,
    BRAND_MISMATCH,
    INVALID_DISK_ID,
    INVALID_SNAPNAMES,
    INVALID_SNAPSHOT_TYPE,
    SNAPSHOT_LIMIT_REACHED,
    SNAPSHOT_SIZE_LIMIT_REACHED,
    DC_SNAPSHOT_SIZE_LIMIT_REACHED,
    PERMISSION_DENIED,
    /** A power action that does not apply to the VM's state (start a running VM, stop a stopped one). */
    BAD_ACTION,
    VM_ALREADY_STOPPING
}

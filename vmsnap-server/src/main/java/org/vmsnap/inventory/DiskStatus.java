package org.vmsnap.inventory;

/** Whether a disk's image exists. */
public enum DiskStatus {
    /** Defined; the image does not exist yet. */
    DEFINED,
    CREATING,
    /** The image exists. */
    READY,
    /** The image is being filled from another disk's snapshot (a clone). */
    CLONING,
    DELETING
}

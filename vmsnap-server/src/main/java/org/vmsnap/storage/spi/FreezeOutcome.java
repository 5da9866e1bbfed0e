package org.vmsnap.storage.spi;

/** What became of a guest filesystem freeze asked around a snapshot. */
public enum FreezeOutcome {
    /** No freeze was asked, or the VM was not running (an offline image is consistent anyway). */
    NOT_ASKED,
    /** The guest's filesystems were frozen while the snapshot was taken: application-consistent. */
    FROZEN,
    /** The guest agent did not freeze in time: the snapshot was taken anyway and is only crash-consistent. */
    FAILED
}

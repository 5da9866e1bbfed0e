package org.vmsnap.access;

/** What a user may do beyond their own objects. */
public enum Role {
    /** Everything, in every DC. */
    SUPERADMIN,
    /** Everything inside their DC. */
    ADMIN,
    /** Their own objects only. */
    USER
}

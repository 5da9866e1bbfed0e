package org.vmsnap.access;

import java.util.Objects;

/**
 * An authenticated user acting in one DC. Every core call takes one; visibility rules live here.
 *
 * @param userId numeric user id
 * @param username login name
 * @param role the user's role
 * @param dcId the DC the call works in
 * @param dcName name of that DC
 */
public record Caller(long userId, String username, Role role, long dcId, String dcName) {
    /** The system user that runs scheduled work (Danube's task user). */
    public static final long SYSTEM_USER_ID = 7;

    public Caller {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(dcName, "dcName");
    }

    /** Admins of the DC and superadmins act on every object of the DC. */
    public boolean isAdmin() {
        return role != Role.USER;
    }

    public boolean isSuperAdmin() {
        return role == Role.SUPERADMIN;
    }

    /** Whether this caller may see an object owned by {@code ownerId} in DC {@code objectDcId}. */
    public boolean canSee(long ownerId, long objectDcId) {
        if (objectDcId != dcId) {
            return false;
        }
        return isAdmin() || ownerId == userId;
    }

    /** The same caller working in another DC. */
    public Caller inDc(long otherDcId, String otherDcName) {
        return new Caller(userId, username, role, otherDcId, otherDcName);
    }
}

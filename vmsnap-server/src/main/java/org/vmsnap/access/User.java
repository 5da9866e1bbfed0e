package org.vmsnap.access;

import java.time.Instant;
import java.util.Objects;

/** A user account as the rest of the system sees it (no secrets). */
public record User(
        long id,
        String uuid,
        String username,
        String email,
        Role role,
        boolean apiAccess,
        boolean active,
        long dcId,
        Instant createdAt) {
    public User {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}

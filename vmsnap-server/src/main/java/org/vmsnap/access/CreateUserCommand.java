package org.vmsnap.access;

import java.util.Objects;
import java.util.Optional;

/**
 * A new account. Validation of the wire values is the front door's job; this record holds the rules that every
 * front door shares.
 */
public record CreateUserCommand(
        String username, String password, String email, boolean apiAccess, Role role, Optional<String> apiKey) {
    public CreateUserCommand {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(apiKey, "apiKey");
        if (!username.matches("[A-Za-z0-9@.+_-]{1,150}")) {
            throw new IllegalArgumentException("invalid username");
        }
    }
}

package org.vmsnap.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * Define a new VM. Wire validation is the front door's; the rules below hold for every front door.
 *
 * @param owner username of the owner; empty = the caller
 */
public record DefineVmCommand(String hostname, Optional<String> alias, Optional<String> owner) {
    public DefineVmCommand {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(owner, "owner");
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,253}")) {
            throw new IllegalArgumentException("invalid hostname");
        }
    }
}

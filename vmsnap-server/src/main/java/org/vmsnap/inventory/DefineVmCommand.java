package org.vmsnap.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * Define a new VM. Wire validation is the front door's; the rules below hold for every front door.
 *
 * @param owner username of the owner; empty = the caller
 * @param node hostname of the node to place it on; empty = the server's own node, or the only node there is
 */
public record DefineVmCommand(String hostname, Optional<String> alias, Optional<String> owner, Optional<String> node) {
    public DefineVmCommand {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(owner, "owner");
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,253}")) {
            throw new IllegalArgumentException("invalid hostname");
        }
    }
}

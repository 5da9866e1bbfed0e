package org.vmsnap.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * Define a new VM. Wire validation is the front door's; the rules below hold for every front door.
 *
 * @param owner username of the owner; empty = the caller
 * @param node hostname of the node to place it on; empty = the server's own node, or the only node there is
 * @param address the address it is reached at; empty = its node's
 */
public record DefineVmCommand(
        String hostname,
        Optional<String> alias,
        Optional<String> owner,
        Optional<String> node,
        Optional<String> address) {
    /** An IPv4 or IPv6 address or a host name: letters, digits, dots, colons, dashes. */
    public static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,254}");

    public DefineVmCommand {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(address, "address");
        if (address.isPresent() && !ADDRESS.matcher(address.get()).matches()) {
            throw new IllegalArgumentException("invalid address");
        }
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(owner, "owner");
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,253}")) {
            throw new IllegalArgumentException("invalid hostname");
        }
    }
}

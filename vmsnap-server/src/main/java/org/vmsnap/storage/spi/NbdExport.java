package org.vmsnap.storage.spi;

import java.util.Objects;

/**
 * A read-only NBD export of one snapshot, served over TLS with a {@link TransferKey} to a single client, that ends
 * when that client disconnects.
 *
 * @param host the address it listens on (the source node's)
 * @param port its TCP port
 * @param name its export name (letters, digits, dashes; made by the core)
 */
public record NbdExport(String host, int port, String name) {
    public NbdExport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        if (!host.matches("[A-Za-z0-9.:-]{1,253}") || port < 1 || port > 65535 || !validName(name)) {
            throw new IllegalArgumentException("not an NBD export: " + host + ":" + port + "/" + name);
        }
    }

    /** Whether {@code name} may name an export (and the files kept for it). */
    public static boolean validName(String name) {
        return name != null && name.matches("[a-z0-9-]{1,64}");
    }
}

package org.vmsnap.storage.spi;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A one-time TLS pre-shared key for one copy between nodes: only the node given it can read the export.
 *
 * @param identity the PSK identity (letters, digits, dashes)
 * @param psk the key, 64 hex digits (256 bits)
 */
public record TransferKey(String identity, String psk) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public TransferKey {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(psk, "psk");
        if (!identity.matches("[A-Za-z0-9-]{1,32}") || !psk.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a transfer key");
        }
    }

    /** A new random key. */
    public static TransferKey random() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new TransferKey("vmsnap", HexFormat.of().formatHex(key));
    }

    /** The line of a QEMU {@code keys.psk} file. */
    public String pskFileLine() {
        return identity + ":" + psk + "\n";
    }

    @Override
    public String toString() {
        return "TransferKey[" + identity + ", ***]"; // never the key in a log line
    }
}

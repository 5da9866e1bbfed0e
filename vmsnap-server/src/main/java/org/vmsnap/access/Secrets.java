package org.vmsnap.access;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.vmsnap.shared.Digests;

/** High-entropy secrets (tokens, API keys) and their stored form, a SHA-256 digest. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code bytes} random bytes as lowercase hex (Danube tokens: 20 bytes = 40 hex characters). */
    static String randomHex(int bytes) {
        byte[] buf = new byte[bytes];
        RANDOM.nextBytes(buf);
        return HexFormat.of().formatHex(buf);
    }

    static String digest(String secret) {
        return Digests.sha256Hex(secret);
    }
}

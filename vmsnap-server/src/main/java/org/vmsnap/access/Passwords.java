package org.vmsnap.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashes (BCrypt, cost 10). BCrypt reads at most 72 bytes and Spring's encoder refuses more, so a longer
 * passphrase is first reduced to its SHA-256 digest (44 base64 characters): it works whole, every byte of it counts,
 * and passwords of up to 72 bytes hash exactly as before. Thread-safe.
 */
final class Passwords {
    private static final int BCRYPT_MAX_BYTES = 72;
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(10);

    private Passwords() {}

    static String hash(String password) {
        return BCRYPT.encode(bcryptInput(password));
    }

    static boolean matches(String password, String hash) {
        return BCRYPT.matches(bcryptInput(password), hash);
    }

    /** As long as {@link #matches} against a real hash, for logins that name no account: no timing tells them. */
    static void matchNothing(String password) {
        BCRYPT.matches(bcryptInput(password), DUMMY);
    }

    private static final String DUMMY = BCRYPT.encode("no account has this password");

    private static String bcryptInput(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= BCRYPT_MAX_BYTES) {
            return password;
        }
        try {
            return "sha256:"
                    + Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

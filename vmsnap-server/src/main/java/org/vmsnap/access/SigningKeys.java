package org.vmsnap.access;

import static org.vmsnap.persistence.Db.utc;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Server-side keys for tokens the server signs itself (e.g. VSS bearer JWTs): 256 random bits per name, generated on
 * first use and kept in the database, so tokens survive a restart and are valid on every replica. Never logged.
 * Thread-safe; two replicas generating at once agree on the first key written.
 */
@Service
public class SigningKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public SigningKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The key named {@code name} (a fixed identifier chosen by the caller, never user text). */
    public byte[] key(String name) {
        return cache.computeIfAbsent(name, this::loadOrCreate).clone();
    }

    private byte[] loadOrCreate(String name) {
        return stored(name).orElseGet(() -> {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try {
                jdbc.sql("INSERT INTO signing_key (name, secret, created_at) VALUES (?, ?, ?)")
                        .params(name, Base64.getEncoder().encodeToString(fresh), utc(clock.instant()))
                        .update();
                return fresh;
            } catch (DuplicateKeyException raced) {
                return stored(name).orElseThrow();
            }
        });
    }

    private java.util.Optional<byte[]> stored(String name) {
        return jdbc.sql("SELECT secret FROM signing_key WHERE name = ?")
                .param(name)
                .query(String.class)
                .optional()
                .map(Base64.getDecoder()::decode);
    }
}

package org.vmsnap.access;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for API keys and the session tokens issued for them. */
@Repository
class ApiKeyStore {
    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertKey(long userId, String hash, Instant created) {
        jdbc.sql("INSERT INTO api_key (user_id, key_hash, created_at) VALUES (?, ?, ?)")
                .params(userId, hash, utc(created))
                .update();
    }

    Optional<Long> userOfKey(String hash) {
        return jdbc.sql("SELECT user_id FROM api_key WHERE key_hash = ?")
                .param(hash)
                .query(Long.class)
                .optional();
    }

    void insertSession(long userId, String hash, Instant created, Instant expires) {
        jdbc.sql("INSERT INTO api_session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(hash, userId, utc(created), utc(expires))
                .update();
    }

    record SessionRow(long userId, Instant expires) {}

    Optional<SessionRow> session(String hash) {
        return jdbc.sql("SELECT user_id, expires_at FROM api_session WHERE token_hash = ?")
                .param(hash)
                .query((rs, n) -> new SessionRow(rs.getLong("user_id"), instant(rs, "expires_at")))
                .optional();
    }

    void deleteSession(String hash) {
        jdbc.sql("DELETE FROM api_session WHERE token_hash = ?").param(hash).update();
    }

    void deleteExpired(Instant now) {
        jdbc.sql("DELETE FROM api_session WHERE expires_at < ?").param(utc(now)).update();
    }
}

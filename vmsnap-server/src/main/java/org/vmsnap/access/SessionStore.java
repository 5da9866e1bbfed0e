package org.vmsnap.access;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for password logins by e-mail and for cookie sessions; secrets arrive here already digested. */
@Repository
class SessionStore {
    private final JdbcClient jdbc;

    SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record EmailCredentials(long userId, String passwordHash) {}

    List<EmailCredentials> byEmail(String email) {
        return jdbc.sql("SELECT id, password_hash FROM app_user WHERE LOWER(email) = LOWER(?) ORDER BY id")
                .param(email)
                .query((rs, n) -> new EmailCredentials(rs.getLong(1), rs.getString(2)))
                .list();
    }

    record SessionRow(long userId, String csrfHash, Instant created) {}

    void insert(String sessionHash, String csrfHash, long userId, Instant created) {
        jdbc.sql("INSERT INTO web_session (session_hash, csrf_hash, user_id, created_at) VALUES (?, ?, ?, ?)")
                .params(sessionHash, csrfHash, userId, utc(created))
                .update();
    }

    Optional<SessionRow> session(String sessionHash) {
        return jdbc.sql("SELECT user_id, csrf_hash, created_at FROM web_session WHERE session_hash = ?")
                .param(sessionHash)
                .query((rs, n) -> new SessionRow(rs.getLong(1), rs.getString(2), instant(rs, "created_at")))
                .optional();
    }

    void delete(String sessionHash) {
        jdbc.sql("DELETE FROM web_session WHERE session_hash = ?")
                .param(sessionHash)
                .update();
    }

    void deleteOlderThan(Instant limit) {
        jdbc.sql("DELETE FROM web_session WHERE created_at < ?")
                .param(utc(limit))
                .update();
    }
}

package org.vmsnap.access;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for users, tokens and DCs. */
@Repository
class UserStore {
    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Credentials(User user, String passwordHash) {}

    Optional<Credentials> credentials(String username) {
        return jdbc.sql("SELECT * FROM app_user WHERE username = ?")
                .param(username)
                .query((rs, n) -> new Credentials(user(rs), rs.getString("password_hash")))
                .optional();
    }

    /** Accounts by email; emails are not unique, so a login by email only works when exactly one matches. */
    List<Credentials> credentialsByEmail(String email) {
        return jdbc.sql("SELECT * FROM app_user WHERE email = ?")
                .param(email)
                .query((rs, n) -> new Credentials(user(rs), rs.getString("password_hash")))
                .list();
    }

    Optional<User> byId(long id) {
        return jdbc.sql("SELECT * FROM app_user WHERE id = ?")
                .param(id)
                .query((rs, n) -> user(rs))
                .optional();
    }

    Optional<User> byApiKeyHash(String hash) {
        return jdbc.sql("SELECT * FROM app_user WHERE api_key_hash = ?")
                .param(hash)
                .query((rs, n) -> user(rs))
                .optional();
    }

    record TokenRow(User user, Instant created) {}

    /** The token's user and issue time, in one query (this runs on every authenticated call). */
    Optional<TokenRow> token(String hash) {
        return jdbc.sql("""
                        SELECT u.*, t.created_at AS token_created
                        FROM auth_token t JOIN app_user u ON u.id = t.user_id
                        WHERE t.token_hash = ?""")
                .param(hash)
                .query((rs, n) -> new TokenRow(user(rs), instant(rs, "token_created")))
                .optional();
    }

    void replaceToken(long userId, String hash, Instant created) {
        jdbc.sql("DELETE FROM auth_token WHERE user_id = ?").param(userId).update();
        jdbc.sql("INSERT INTO auth_token (user_id, token_hash, created_at) VALUES (?, ?, ?)")
                .params(userId, hash, utc(created))
                .update();
    }

    void deleteToken(String hash) {
        jdbc.sql("DELETE FROM auth_token WHERE token_hash = ?").param(hash).update();
    }

    long insert(User u, String passwordHash, String apiKeyHash) {
        jdbc.sql("""
                        INSERT INTO app_user (uuid, username, email, password_hash, role, api_access, active,
                                              api_key_hash, dc_id, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        u.uuid(),
                        u.username(),
                        u.email(),
                        passwordHash,
                        u.role().name(),
                        u.apiAccess(),
                        u.active(),
                        apiKeyHash,
                        u.dcId(),
                        utc(u.createdAt()))
                .update();
        return jdbc.sql("SELECT id FROM app_user WHERE uuid = ?")
                .param(u.uuid())
                .query(Long.class)
                .single();
    }

    boolean exists(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE username = ?")
                        .param(username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<User> all() {
        return jdbc.sql("SELECT * FROM app_user ORDER BY id")
                .query((rs, n) -> user(rs))
                .list();
    }

    Optional<Dc> dc(String name) {
        return jdbc.sql("SELECT id, name FROM dc WHERE name = ?")
                .param(name)
                .query((rs, n) -> new Dc(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    Optional<Dc> dc(long id) {
        return jdbc.sql("SELECT id, name FROM dc WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Dc(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    void insertDc(String name, Instant now) {
        jdbc.sql("INSERT INTO dc (name, created_at) VALUES (?, ?)")
                .params(name, utc(now))
                .update();
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("uuid"),
                rs.getString("username"),
                rs.getString("email"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("api_access"),
                rs.getBoolean("active"),
                rs.getLong("dc_id"),
                instant(rs, "created_at"));
    }
}

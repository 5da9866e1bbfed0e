package org.vmsnap.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh database on the tests' embedded PostgreSQL, for several server replicas to share. */
final class SharedPostgres {
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private SharedPostgres() {}

    /** Creates an empty database and returns its JDBC URL. */
    static String freshDatabase() {
        String name =
                "replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = TestBackends.Postgres.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return TestBackends.Postgres.server().getJdbcUrl(USER, name);
    }
}

package org.vmsnap.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Whether other vmsnap processes may share this database: yes on PostgreSQL (replicas), no on the embedded H2 file,
 * which one process opens. Where only one process writes, row locks that split work between replicas (such as
 * {@code FOR UPDATE SKIP LOCKED}) are not needed; compare-and-set updates keep their guarantees either way.
 */
@Component
public class SharedDatabase {
    private static final Logger log = LoggerFactory.getLogger(SharedDatabase.class);

    private final boolean shared;

    public SharedDatabase(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            if (url.startsWith("jdbc:h2:tcp:") || url.contains("AUTO_SERVER=TRUE")) {
                log.warn("an H2 database other processes can open: replicas need PostgreSQL, run only one");
            }
            this.shared = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot inspect the database", e);
        }
    }

    /** True when several server processes may work on this database at once (PostgreSQL). */
    public boolean shared() {
        return shared;
    }

    /**
     * The clause that ends a query whose rows replicas split between them: {@code FOR UPDATE SKIP LOCKED} on a
     * shared database, nothing on H2 (which would lock every row the query reads before applying its limit).
     */
    public String skipLocked() {
        return shared ? " FOR UPDATE SKIP LOCKED" : "";
    }
}

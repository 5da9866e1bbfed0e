package org.vmsnap.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * PostgreSQL session-level advisory locks on one connection this replica keeps open for its whole life: one on
 * its own id (liveness: PostgreSQL drops it the moment the process or its connection dies) and one per disk a task
 * of this replica is working on. Advisory locks are re-entrant within a session, so {@link Replicas} keeps the
 * in-process exclusion itself and only asks here about other replicas.
 */
final class PostgresReplicaBackend implements ReplicaBackend {
    private static final long REPLICA_SPACE = 0x766d_0001L << 32;
    private static final long DISK_SPACE = 0x766d_0002L << 32;
    private static final String EARLIER_OR_TAKE = """
            SELECT CASE WHEN EXISTS (
                SELECT 1 FROM task o
                WHERE o.state IN ('PENDING', 'STARTED')
                  AND o.seq < (SELECT t.seq FROM task t WHERE t.id = ?)
                  AND (o.replica_id IS NULL OR o.replica_id <> ?)
                  AND (%s))
            THEN FALSE ELSE pg_try_advisory_lock(?) END""";

    private final Connection session;

    PostgresReplicaBackend(DataSource dataSource) {
        try {
            this.session = dataSource.getConnection();
            session.setAutoCommit(true);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot open the replica session", e);
        }
    }

    @Override
    public void register(long self) {
        if (!bool("SELECT pg_try_advisory_lock(?)", replicaKey(self))) {
            throw new IllegalStateException("replica id " + self + " is in use");
        }
    }

    @Override
    public boolean alive(long other) {
        long key = replicaKey(other);
        if (bool("SELECT pg_try_advisory_lock(?)", key)) {
            bool("SELECT pg_advisory_unlock(?)", key);
            return false;
        }
        return true;
    }

    @Override
    public boolean tryTake(long self, String taskId, List<Long> disks) {
        if (disks.isEmpty()) {
            return true;
        }
        String overlap = String.join(
                " OR ",
                disks.stream().map(d -> "',' || o.disk_ids || ',' LIKE ?").toList());
        List<Object> params = new ArrayList<>(List.of(taskId, self));
        disks.forEach(d -> params.add("%," + d + ",%"));
        params.add(diskKey(disks.get(0)));
        if (!bool(EARLIER_OR_TAKE.formatted(overlap), params.toArray())) {
            return false;
        }
        for (int i = 1; i < disks.size(); i++) {
            if (!bool("SELECT pg_try_advisory_lock(?)", diskKey(disks.get(i)))) {
                release(disks.subList(0, i));
                return false;
            }
        }
        return true;
    }

    @Override
    public void release(List<Long> disks) {
        for (Long disk : disks) {
            bool("SELECT pg_advisory_unlock(?)", diskKey(disk));
        }
    }

    @Override
    public boolean healthy() {
        try {
            return session.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (SQLException ignored) {
            // the locks go with the session either way
        }
    }

    private static long replicaKey(long id) {
        return REPLICA_SPACE ^ id;
    }

    private static long diskKey(long id) {
        return DISK_SPACE ^ id;
    }

    private boolean bool(String sql, Object... params) {
        try (PreparedStatement s = session.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("replica session: " + e.getMessage(), e);
        }
    }
}

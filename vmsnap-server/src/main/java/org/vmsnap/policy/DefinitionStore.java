package org.vmsnap.policy;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for snapshot definitions. */
@Repository
class DefinitionStore {
    private static final String SELECT =
            "SELECT f.*, d.position AS disk_position FROM snapshot_define f JOIN disk d ON d.id = f.disk_id";

    /**
     * Claims one firing: moves {@code next_run_at} from {@code due} to {@code next} with compare-and-set, so of
     * several schedulers on one database exactly one wins each firing. ({@code active <> FALSE}, not
     * {@code = TRUE}: H2 would then walk the (active, next_run_at) index through every definition due at the same
     * time.)
     */
    private static final String CLAIM = """
            UPDATE snapshot_define SET next_run_at = ?, last_run_at = ?
            WHERE id = ? AND next_run_at = ? AND active <> FALSE""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    DefinitionStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(SnapshotDefinition f) {
        jdbc.sql("""
                        INSERT INTO snapshot_define (vm_id, disk_id, name, schedule, retention, active, description,
                                                     fsfreeze, next_run_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        f.vmId(),
                        f.diskId(),
                        f.name(),
                        f.schedule(),
                        f.retention(),
                        f.active(),
                        f.description(),
                        f.fsfreeze(),
                        utc(f.nextRunAt()),
                        utc(f.createdAt()))
                .update();
    }

    void update(SnapshotDefinition f) {
        jdbc.sql("""
                        UPDATE snapshot_define SET schedule = ?, retention = ?, active = ?, description = ?,
                                                   fsfreeze = ?, next_run_at = ?
                        WHERE id = ?""")
                .params(
                        f.schedule(),
                        f.retention(),
                        f.active(),
                        f.description(),
                        f.fsfreeze(),
                        utc(f.nextRunAt()),
                        f.id())
                .update();
    }

    /** One firing to claim: {@code next_run_at} from {@code due} to {@code next}. */
    record Claim(long id, Instant due, Instant next) {}

    /** {@link #CLAIM} for many definitions, as one JDBC batch; true at the index of each one claimed. */
    boolean[] claimAll(List<Claim> claims, Instant now) {
        if (claims.isEmpty()) {
            return new boolean[0];
        }
        int[][] counts = batch.batchUpdate(
                CLAIM,
                claims,
                claims.size(),
                (ps, c) -> new ArgumentPreparedStatementSetter(
                                new Object[] {utc(c.next()), utc(now), c.id(), utc(c.due())})
                        .setValues(ps));
        boolean[] claimed = new boolean[claims.size()];
        int i = 0;
        for (int[] chunk : counts) {
            for (int n : chunk) {
                claimed[i++] = n == 1;
            }
        }
        return claimed;
    }

    Optional<SnapshotDefinition> byId(long id) {
        return jdbc.sql(SELECT + " WHERE f.id = ?")
                .param(id)
                .query(DefinitionStore::row)
                .optional();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM snapshot_define WHERE id = ?").param(id).update();
    }

    Optional<SnapshotDefinition> find(long diskId, String name) {
        return jdbc.sql(SELECT + " WHERE f.disk_id = ? AND f.name = ?")
                .params(diskId, name)
                .query(DefinitionStore::row)
                .optional();
    }

    /** Definitions of a VM, all disks. */
    long countOfVm(long vmId) {
        return jdbc.sql("SELECT COUNT(*) FROM snapshot_define WHERE vm_id = ?")
                .param(vmId)
                .query(Long.class)
                .single();
    }

    List<SnapshotDefinition> ofVms(Collection<Long> vmIds) {
        return whereIn("f.vm_id", vmIds);
    }

    List<SnapshotDefinition> byIds(Collection<Long> ids) {
        return whereIn("f.id", ids);
    }

    /** Definitions whose {@code column} is one of {@code values}, in id order ({@code IN ()} is not valid SQL). */
    private List<SnapshotDefinition> whereIn(String column, Collection<Long> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE " + column + " IN (:values) ORDER BY f.id")
                .param("values", values)
                .query(DefinitionStore::row)
                .list();
    }

    private static SnapshotDefinition row(ResultSet rs, int n) throws SQLException {
        return new SnapshotDefinition(
                rs.getLong("id"),
                rs.getLong("vm_id"),
                rs.getLong("disk_id"),
                rs.getInt("disk_position"),
                rs.getString("name"),
                rs.getString("schedule"),
                rs.getInt("retention"),
                rs.getBoolean("active"),
                rs.getString("description"),
                rs.getBoolean("fsfreeze"),
                instant(rs, "next_run_at"),
                instant(rs, "last_run_at"),
                instant(rs, "created_at"));
    }
}

package org.vmsnap.policy;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vmsnap.persistence.SharedDatabase;

/** SQL for the queue of claimed firings ({@code snapshot_firing}). */
@Repository
class FiringStore {
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final SharedDatabase database;

    FiringStore(JdbcClient jdbc, JdbcTemplate batch, SharedDatabase database) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.database = database;
    }

    /** A queued firing: the definition, its {@code next_run_at} when claimed, and the tick that claimed it. */
    record Queued(long defineId, Instant dueAt, Instant firedAt) {}

    /**
     * Queues the firing at {@code now} of up to {@code limit} due active definitions that have none queued yet,
     * earliest due first; returns how many were due. On a database replicas share, the definitions are row-locked
     * until the transaction ends and those another replica holds are skipped; a definition another replica queued
     * since this statement began is left to it ({@code ON CONFLICT DO NOTHING}). Rows go in in definition order, so
     * two transactions never wait for each other's rows in opposite orders. (H2 locks every due row before the limit:
     * no lock where one process owns it.)
     */
    int queueDue(Instant now, int limit) {
        List<Queued> due = jdbc.sql("""
                        SELECT f.id, f.next_run_at FROM snapshot_define f
                        WHERE f.active = TRUE AND f.next_run_at <= ?
                          AND NOT EXISTS (SELECT 1 FROM snapshot_firing q WHERE q.define_id = f.id)
                        ORDER BY f.active, f.next_run_at LIMIT ?""" + database.skipLocked())
                .params(utc(now), limit)
                .query((rs, n) -> new Queued(rs.getLong("id"), instant(rs, "next_run_at"), now))
                .list();
        if (!due.isEmpty()) {
            batch.batchUpdate(
                    "INSERT INTO snapshot_firing (define_id, due_at, fired_at) VALUES (?, ?, ?)"
                            + (database.shared() ? " ON CONFLICT (define_id) DO NOTHING" : ""),
                    due.stream()
                            .sorted(Comparator.comparingLong(Queued::defineId))
                            .toList(),
                    due.size(),
                    (ps, q) -> new ArgumentPreparedStatementSetter(
                                    new Object[] {q.defineId(), utc(q.dueAt()), utc(q.firedAt())})
                            .setValues(ps));
        }
        return due.size();
    }

    /**
     * Up to {@code limit} queued firings, oldest tick first, locked until the caller's transaction ends. On a database
     * replicas share, rows another transaction holds are skipped.
     */
    List<Queued> queued(int limit) {
        return jdbc.sql("SELECT define_id, due_at, fired_at FROM snapshot_firing ORDER BY fired_at, define_id LIMIT ?"
                        + database.skipLocked())
                .param(limit)
                .query((rs, n) -> new Queued(rs.getLong("define_id"), instant(rs, "due_at"), instant(rs, "fired_at")))
                .list();
    }

    /** Takes the firings off the queue, in the caller's transaction (they come back if it rolls back). */
    void remove(List<Queued> firings) {
        if (!firings.isEmpty()) {
            batch.batchUpdate(
                    "DELETE FROM snapshot_firing WHERE define_id = ?",
                    firings,
                    firings.size(),
                    (ps, q) -> ps.setLong(1, q.defineId()));
        }
    }
}

package org.vmsnap.request;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.nullableLong;
import static org.vmsnap.persistence.Db.utc;
import static org.vmsnap.request.RequestTable.join;
import static org.vmsnap.request.RequestTable.split;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for snapshot requests. Status changes are compare-and-set on the current status. */
@Repository
class RequestStore extends RequestTable<SnapshotRequest> {
    RequestStore(JdbcClient jdbc) {
        super(jdbc, "snapshot_request", RequestStore::row);
    }

    long insert(SnapshotRequest r) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO snapshot_request (action, status, user_id, vm_id, vm_name, dc_id, from_date,
                            valid_for, to_date, description, consolidate, with_memory, extensions, snapshot_name,
                            task_ids, warnings, errors, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        r.action().name(),
                        r.status().name(),
                        r.userId(),
                        r.vmId(),
                        r.vmName(),
                        r.dcId(),
                        utc(r.fromDate()),
                        r.validForHours(),
                        utc(r.toDate()),
                        r.description(),
                        r.consolidate(),
                        r.withMemory(),
                        r.extensions(),
                        r.snapshotName(),
                        join(r.taskIds()),
                        join(r.warnings()),
                        join(r.errors()),
                        utc(r.createdAt()),
                        utc(r.updatedAt()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void setSnapshotName(long id, String name) {
        jdbc.sql("UPDATE snapshot_request SET snapshot_name = ? WHERE id = ?")
                .params(name, id)
                .update();
    }

    /** Moves the request from {@code from} to {@code to}; false when it was not in {@code from}. */
    boolean transition(long id, RequestStatus from, RequestStatus to, Instant now) {
        return jdbc.sql("UPDATE snapshot_request SET status = ?, updated_at = ? WHERE id = ? AND status = ?")
                        .params(to.name(), utc(now), id, from.name())
                        .update()
                == 1;
    }

    /** Ends the request's current step: new status, messages added, tasks replaced; compare-and-set. */
    boolean settle(
            SnapshotRequest seen,
            RequestStatus to,
            List<String> taskIds,
            List<String> warnings,
            List<String> errors,
            Instant now) {
        return jdbc.sql("""
                                UPDATE snapshot_request SET status = ?, task_ids = ?, warnings = ?, errors = ?,
                                    updated_at = ?
                                WHERE id = ? AND status = ? AND task_ids = ?""")
                        .params(
                                to.name(),
                                join(taskIds),
                                join(warnings),
                                join(errors),
                                utc(now),
                                seen.id(),
                                seen.status().name(),
                                join(seen.taskIds()))
                        .update()
                == 1;
    }

    /** Adds hours to a SCHEDULED request's deletion time, unless it changed since {@code seen} was read. */
    boolean extend(SnapshotRequest seen, Instant newToDate, Instant now) {
        return jdbc.sql("""
                                UPDATE snapshot_request SET to_date = ?, extensions = extensions + 1, updated_at = ?
                                WHERE id = ? AND status = 'SCHEDULED' AND extensions = ? AND to_date = ?""")
                        .params(utc(newToDate), utc(now), seen.id(), seen.extensions(), utc(seen.toDate()))
                        .update()
                == 1;
    }

    private static SnapshotRequest row(ResultSet rs, int n) throws SQLException {
        return new SnapshotRequest(
                rs.getLong("id"),
                RequestAction.valueOf(rs.getString("action")),
                RequestStatus.valueOf(rs.getString("status")),
                rs.getLong("user_id"),
                nullableLong(rs, "vm_id"),
                rs.getString("vm_name"),
                rs.getLong("dc_id"),
                instant(rs, "from_date"),
                rs.getInt("valid_for"),
                instant(rs, "to_date"),
                rs.getString("description"),
                rs.getBoolean("consolidate"),
                rs.getBoolean("with_memory"),
                rs.getInt("extensions"),
                rs.getString("snapshot_name"),
                split(rs.getString("task_ids")),
                split(rs.getString("warnings")),
                split(rs.getString("errors")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}

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

/** SQL for change requests. Status changes are compare-and-set on the current status. */
@Repository
class ChangeRequestStore extends RequestTable<ChangeRequest> {
    ChangeRequestStore(JdbcClient jdbc) {
        super(jdbc, "change_request", ChangeRequestStore::row);
    }

    long insert(ChangeRequest r) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO change_request (attribute, status, user_id, vm_id, vm_name, dc_id, scheduled,
                            scheduled_at, warnings, errors, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        r.attribute(),
                        r.status().name(),
                        r.userId(),
                        r.vmId(),
                        r.vmName(),
                        r.dcId(),
                        r.scheduled(),
                        utc(r.scheduledAt()),
                        join(r.warnings()),
                        join(r.errors()),
                        utc(r.createdAt()),
                        utc(r.updatedAt()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Ends the request: new status, its messages; false when it was no longer in the status {@code seen} had. */
    boolean settle(ChangeRequest seen, RequestStatus to, List<String> warnings, List<String> errors, Instant now) {
        return jdbc.sql("""
                                UPDATE change_request SET status = ?, warnings = ?, errors = ?, updated_at = ?
                                WHERE id = ? AND status = ?""")
                        .params(
                                to.name(),
                                join(warnings),
                                join(errors),
                                utc(now),
                                seen.id(),
                                seen.status().name())
                        .update()
                == 1;
    }

    private static ChangeRequest row(ResultSet rs, int n) throws SQLException {
        return new ChangeRequest(
                rs.getLong("id"),
                rs.getString("attribute"),
                RequestStatus.valueOf(rs.getString("status")),
                rs.getLong("user_id"),
                nullableLong(rs, "vm_id"),
                rs.getString("vm_name"),
                rs.getLong("dc_id"),
                rs.getBoolean("scheduled"),
                instant(rs, "scheduled_at"),
                split(rs.getString("warnings")),
                split(rs.getString("errors")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}

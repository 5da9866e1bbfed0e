package org.vmsnap.task;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the task log. */
@Repository
class TaskLogStore {
    private static final String INSERT = """
            INSERT INTO task_log (logged_at, task_id, status, user_id, username, owner_id, dc_id, msg,
                                  detail, object_type, object_name, object_alias, flag, auto_task)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    TaskLogStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(TaskLogEntry e) {
        jdbc.sql(INSERT).params(insertParams(e)).update();
    }

    /** {@link #insert} for many entries, as one JDBC batch. */
    void insertAll(List<TaskLogEntry> entries) {
        if (!entries.isEmpty()) {
            batch.batchUpdate(
                    INSERT, entries.stream().map(TaskLogStore::insertParams).toList());
        }
    }

    private static Object[] insertParams(TaskLogEntry e) {
        return new Object[] {
            utc(e.time()),
            e.taskId(),
            e.status().name(),
            e.userId(),
            e.username(),
            e.ownerId(),
            e.dcId(),
            truncate(e.msg(), 255),
            truncate(e.detail(), 4000),
            e.objectType(),
            truncate(e.objectName(), 255),
            truncate(e.objectAlias(), 255),
            e.flag(),
            TaskIds.automatic(e.taskId())
        };
    }

    /** Newest first, one page. */
    List<TaskLogEntry> page(TaskLogQuery q) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "SELECT * FROM task_log" + where(q, params) + " ORDER BY id DESC LIMIT :limit OFFSET :offset";
        params.put("limit", q.limit());
        params.put("offset", q.offset());
        return jdbc.sql(sql).params(params).query(TaskLogStore::entry).list();
    }

    long count(TaskLogQuery q) {
        Map<String, Object> params = new LinkedHashMap<>();
        return jdbc.sql("SELECT COUNT(*) FROM task_log" + where(q, params))
                .params(params)
                .query(Long.class)
                .single();
    }

    private static String where(TaskLogQuery q, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE dc_id = :dc");
        params.put("dc", q.dcId());
        if (q.visibleTo() != null) {
            sql.append(" AND (owner_id = :me OR user_id = :me)");
            params.put("me", q.visibleTo());
        }
        q.status().ifPresent(s -> {
            sql.append(" AND status = :status");
            params.put("status", s);
        });
        q.objectType().ifPresent(s -> {
            sql.append(" AND object_type = :otype");
            params.put("otype", s);
        });
        q.objectName().ifPresent(s -> {
            sql.append(" AND object_name = :oname");
            params.put("oname", s);
        });
        if (q.hideAuto()) {
            sql.append(" AND auto_task = FALSE");
        }
        return sql.toString();
    }

    /** The line the task was logged with when it was submitted, if any. */
    Optional<TaskLogEntry> submitted(String taskId) {
        return jdbc
                .sql("SELECT * FROM task_log WHERE task_id = ? AND status = 'PENDING' ORDER BY id")
                .param(taskId)
                .query(TaskLogStore::entry)
                .list()
                .stream()
                .findFirst();
    }

    private static TaskLogEntry entry(ResultSet rs, int n) throws SQLException {
        return new TaskLogEntry(
                rs.getLong("id"),
                instant(rs, "logged_at"),
                rs.getString("task_id"),
                TaskState.valueOf(rs.getString("status")),
                rs.getLong("user_id"),
                rs.getString("username"),
                rs.getLong("owner_id"),
                rs.getLong("dc_id"),
                rs.getString("msg"),
                rs.getString("detail"),
                rs.getString("object_type"),
                rs.getString("object_name"),
                rs.getString("object_alias"),
                rs.getInt("flag"));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}

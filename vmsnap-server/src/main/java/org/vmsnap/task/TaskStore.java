package org.vmsnap.task;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.nullableLong;
import static org.vmsnap.persistence.Db.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vmsnap.shared.Digests;

/** SQL for tasks; state changes are compare-and-set. */
@Repository
class TaskStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String INSERT = """
            INSERT INTO task (id, callback_key, uuid, kind, state, user_id, owner_id, dc_id, vm_id,
                              disk_ids, params, created_at, replica_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    TaskStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(Task task, Map<String, Object> params, long replicaId) {
        jdbc.sql(INSERT).params(insertParams(task, params, replicaId)).update();
    }

    /** {@link #insert} for many tasks, as one JDBC batch; {@code params.get(i)} belongs to {@code tasks.get(i)}. */
    void insertAll(List<Task> tasks, List<Map<String, Object>> params, long replicaId) {
        List<Object[]> rows = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            rows.add(insertParams(tasks.get(i), params.get(i), replicaId));
        }
        batch.batchUpdate(INSERT, rows);
    }

    private static Object[] insertParams(Task task, Map<String, Object> params, long replicaId) {
        return new Object[] {
            task.id(),
            Digests.sha256Hex(task.callbackKey()), // a credential: only its digest is kept
            task.uuid(),
            task.kind().name(),
            task.state().name(),
            task.userId(),
            task.ownerId(),
            task.dcId(),
            task.vmId(),
            task.diskIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
            json(params),
            utc(task.createdAt()),
            replicaId
        };
    }

    boolean finish(String id, TaskOutcome outcome, Instant now) {
        return jdbc.sql("""
                        UPDATE task SET state = ?, result = ?, finished_at = ?
                        WHERE id = ? AND state IN ('PENDING', 'STARTED')""")
                        .params(
                                outcome.success() ? "SUCCESS" : "FAILURE",
                                json(Map.of(
                                        "success", outcome.success(),
                                        "returncode", outcome.returnCode(),
                                        "message", outcome.message(),
                                        "detail", outcome.detail())),
                                utc(now),
                                id)
                        .update()
                == 1;
    }

    Optional<Task> get(String id) {
        return jdbc.sql("SELECT * FROM task WHERE id = ?")
                .param(id)
                .query(this::task)
                .optional();
    }

    Optional<Task> byCallbackKey(String key) {
        return jdbc.sql("SELECT * FROM task WHERE callback_key = ?")
                .param(Digests.sha256Hex(key))
                .query(this::task)
                .optional();
    }

    /** Moves an unfinished task of a dead replica to {@code to}; of several replicas trying, one wins. */
    boolean adopt(String id, long from, long to) {
        return jdbc.sql("""
                        UPDATE task SET replica_id = ?
                        WHERE id = ? AND replica_id = ? AND state IN ('PENDING', 'STARTED')""").params(to, id, from).update() == 1;
    }

    /** Unfinished tasks no registered replica owns (written before replicas existed, or by one already forgotten). */
    List<Task> strays() {
        return jdbc.sql("""
                        SELECT * FROM task WHERE state IN ('PENDING', 'STARTED')
                          AND (replica_id IS NULL OR replica_id NOT IN (SELECT id FROM replica)) ORDER BY seq""").query(this::task).list();
    }

    /** Moves a stray task (see {@link #strays}) to {@code to}; of several replicas trying, one wins. */
    boolean adoptStray(String id, long to) {
        return jdbc.sql("""
                        UPDATE task SET replica_id = ?
                        WHERE id = ? AND state IN ('PENDING', 'STARTED')
                          AND (replica_id IS NULL OR replica_id NOT IN (SELECT id FROM replica))""").params(to, id).update() == 1;
    }

    /** Whether an unfinished task, other than {@code except}, works on one of {@code disks}. */
    boolean unfinishedOn(List<Long> disks, Collection<String> except) {
        if (disks.isEmpty()) {
            return false;
        }
        List<Object> params = new ArrayList<>();
        String overlap = String.join(
                " OR ", disks.stream().map(d -> "',' || disk_ids || ',' LIKE ?").toList());
        disks.forEach(d -> params.add("%," + d + ",%"));
        String notIn = "";
        if (!except.isEmpty()) {
            notIn = " AND id NOT IN ("
                    + String.join(", ", except.stream().map(e -> "?").toList()) + ")";
            params.addAll(except);
        }
        return jdbc.sql("SELECT COUNT(*) FROM task WHERE state IN ('PENDING', 'STARTED') AND (" + overlap + ")" + notIn)
                        .params(params)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<Task> unfinishedOf(long replicaId) {
        return jdbc.sql("SELECT * FROM task WHERE replica_id = ? AND state IN ('PENDING', 'STARTED') ORDER BY seq")
                .param(replicaId)
                .query(this::task)
                .list();
    }

    List<Task> unfinishedInDc(long dcId) {
        return jdbc.sql("SELECT * FROM task WHERE state IN ('PENDING', 'STARTED') AND dc_id = ? ORDER BY seq")
                .param(dcId)
                .query(this::task)
                .list();
    }

    boolean vmBusy(long vmId) {
        return jdbc.sql("SELECT COUNT(*) FROM task WHERE vm_id = ? AND state IN ('PENDING', 'STARTED')")
                        .param(vmId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private Task task(ResultSet rs, int n) throws SQLException {
        String disks = rs.getString("disk_ids");
        List<Long> diskIds = disks.isEmpty()
                ? List.of()
                : Arrays.stream(disks.split(",")).map(Long::valueOf).toList();
        return new Task(
                rs.getString("id"),
                null, // the database keeps only the key's digest
                rs.getString("uuid"),
                TaskKind.valueOf(rs.getString("kind")),
                TaskState.valueOf(rs.getString("state")),
                rs.getLong("user_id"),
                rs.getLong("owner_id"),
                rs.getLong("dc_id"),
                nullableLong(rs, "vm_id"),
                diskIds,
                Optional.ofNullable(rs.getString("result")).map(TaskStore::outcome),
                instant(rs, "created_at"),
                instant(rs, "finished_at"));
    }

    private static TaskOutcome outcome(String json) {
        try {
            var node = JSON.readTree(json);
            return new TaskOutcome(
                    node.path("success").asBoolean(),
                    node.path("returncode").asInt(),
                    node.path("message").asText(),
                    node.path("detail").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt task result", e);
        }
    }

    /** What the task was asked ({@link TaskRequest#params}), empty when it is gone or was asked nothing. */
    Map<String, Object> params(String id) {
        return jdbc.sql("SELECT params FROM task WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(TaskStore::paramsOf)
                .orElse(Map.of());
    }

    private static Map<String, Object> paramsOf(String json) {
        try {
            Map<String, Object> params =
                    JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
            return params == null ? Map.of() : params;
        } catch (JsonProcessingException e) {
            return Map.of(); // kept for display only: unreadable, it says nothing
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package org.vmsnap.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for snapshots addressed by uuid through their drive and its owner. */
@Repository
class DriveSnapshotStore {
    private static final String FROM = " " + """
             FROM snapshot s JOIN disk d ON d.id = s.disk_id JOIN app_user u ON u.id = d.owner_id
             WHERE d.status <> 'DELETING'""";
    private static final String SELECT = "SELECT s.*, d.position AS disk_position, d.uuid AS drive_uuid,"
            + " u.uuid AS owner_uuid, d.owner_id AS drive_owner, u.dc_id AS owner_dc" + FROM;

    private final JdbcClient jdbc;

    DriveSnapshotStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A snapshot with its drive, and who may see it. */
    record Row(DriveSnapshotView view, long ownerId, long ownerDcId) {}

    /** Which snapshots a listing covers: a DC, optionally one owner, optionally one drive. */
    record Scope(long dcId, Long ownerId, String driveUuid) {}

    Optional<Row> byUuid(String uuid) {
        List<Row> rows = jdbc.sql(SELECT + " AND s.uuid = ?")
                .param(uuid)
                .query(DriveSnapshotStore::row)
                .list();
        return withMeta(rows).stream().findFirst();
    }

    long count(Scope scope) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(scope, params);
        return jdbc.sql("SELECT COUNT(*)" + FROM + where)
                .params(params)
                .query(Long.class)
                .single();
    }

    /** Oldest first; {@code limit} 0 means all. */
    List<Row> page(Scope scope, long offset, long limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = SELECT + where(scope, params) + " ORDER BY s.id";
        if (limit > 0) {
            sql += " LIMIT " + limit;
        }
        if (offset > 0) {
            sql += " OFFSET " + offset;
        }
        List<Row> rows =
                jdbc.sql(sql).params(params).query(DriveSnapshotStore::row).list();
        return withMeta(rows);
    }

    /** Snapshots on the drives of {@code ownerId}, whatever their status. */
    long countOfOwner(long ownerId) {
        return jdbc.sql("SELECT COUNT(*) FROM snapshot s JOIN disk d ON d.id = s.disk_id WHERE d.owner_id = ?")
                .param(ownerId)
                .query(Long.class)
                .single();
    }

    /** Per disk, its snapshots newest first. */
    Map<Long, List<SnapshotRef>> refsOfDisks(Collection<Long> diskIds) {
        Map<Long, List<SnapshotRef>> refs = new HashMap<>();
        List<Long> ids = List.copyOf(diskIds);
        for (int i = 0; i < ids.size(); i += 500) {
            jdbc.sql("SELECT disk_id, uuid, status, changed_since_bytes FROM snapshot WHERE disk_id IN (:ids)"
                            + " ORDER BY id DESC")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .query(rs -> {
                        long changed = rs.getLong(4);
                        Long bytes = rs.wasNull() || "PENDING".equals(rs.getString(3)) ? null : changed;
                        refs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new SnapshotRef(rs.getString(2), bytes));
                    });
        }
        return refs;
    }

    void rename(long id, String name) {
        jdbc.sql("UPDATE snapshot SET name = ? WHERE id = ?").params(name, id).update();
    }

    void replaceMeta(long id, Map<String, String> meta) {
        jdbc.sql("DELETE FROM snapshot_meta WHERE snapshot_id = ?").param(id).update();
        for (var e : new TreeMap<>(meta).entrySet()) {
            jdbc.sql("INSERT INTO snapshot_meta (snapshot_id, meta_key, meta_value) VALUES (?, ?, ?)")
                    .params(id, e.getKey(), e.getValue())
                    .update();
        }
    }

    boolean nameTaken(long diskId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM snapshot WHERE disk_id = ? AND name = ?")
                        .params(diskId, name)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static String where(Scope scope, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" AND u.dc_id = :dc");
        params.put("dc", scope.dcId());
        if (scope.ownerId() != null) {
            where.append(" AND d.owner_id = :owner");
            params.put("owner", scope.ownerId());
        }
        if (scope.driveUuid() != null) {
            where.append(" AND d.uuid = :drive");
            params.put("drive", scope.driveUuid());
        }
        return where.toString();
    }

    private List<Row> withMeta(List<Row> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Map<String, String>> meta = new HashMap<>();
        List<Long> ids = rows.stream().map(r -> r.view().snapshot().id()).toList();
        for (int i = 0; i < ids.size(); i += 500) {
            jdbc.sql("SELECT snapshot_id, meta_key, meta_value FROM snapshot_meta WHERE snapshot_id IN (:ids)")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .query(rs -> {
                        meta.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                                .put(rs.getString(2), rs.getString(3));
                    });
        }
        if (meta.isEmpty()) {
            return rows;
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, String> m = meta.get(r.view().snapshot().id());
            out.add(m == null ? r : new Row(r.view().withMeta(m), r.ownerId(), r.ownerDcId()));
        }
        return out;
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Snapshot s = SnapshotStore.row(rs, n).snapshot();
        return new Row(
                new DriveSnapshotView(s, rs.getString("drive_uuid"), rs.getString("owner_uuid"), Map.of()),
                rs.getLong("drive_owner"),
                rs.getLong("owner_dc"));
    }
}

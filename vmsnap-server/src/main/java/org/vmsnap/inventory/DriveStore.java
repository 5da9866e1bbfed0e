package org.vmsnap.inventory;

import static org.vmsnap.persistence.Db.utc;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for disks addressed as drives: by uuid, with their owner and meta. */
@Repository
class DriveStore {
    private static final String SELECT = """
            SELECT d.*, u.uuid AS owner_uuid, u.dc_id AS owner_dc, v.uuid AS vm_uuid, v.state AS vm_state
            FROM disk d JOIN app_user u ON u.id = d.owner_id LEFT JOIN vm v ON v.id = d.vm_id""";

    private final JdbcClient jdbc;
    private final InventoryStore disks;

    DriveStore(JdbcClient jdbc, InventoryStore disks) {
        this.jdbc = jdbc;
        this.disks = disks;
    }

    /** A drive row with the owner's DC, for visibility checks. */
    record Row(DriveView view, long ownerDcId) {}

    Optional<Row> byUuid(String uuid) {
        List<Row> rows = jdbc.sql(SELECT + " WHERE d.uuid = ?")
                .param(uuid)
                .query(this::row)
                .list();
        return withMeta(rows).stream().findFirst();
    }

    Optional<Row> byId(long id) {
        List<Row> rows =
                jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(this::row).list();
        return withMeta(rows).stream().findFirst();
    }

    /** Drives of one owner, or of every owner in the DC when {@code ownerId} is null; oldest first. */
    List<Row> list(long dcId, Long ownerId) {
        String sql = SELECT + " WHERE u.dc_id = :dc AND d.status <> 'DELETING'"
                + (ownerId == null ? "" : " AND d.owner_id = :owner") + " ORDER BY d.id";
        var spec = jdbc.sql(sql).param("dc", dcId);
        if (ownerId != null) {
            spec = spec.param("owner", ownerId);
        }
        return withMeta(spec.query(this::row).list());
    }

    long insert(Disk d) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO disk (uuid, name, owner_id, vm_id, position, size_bytes, media, status,
                                          image_path, adopted, created_at)
                        VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?, FALSE, ?)""")
                .params(
                        d.uuid(),
                        d.name(),
                        d.ownerId(),
                        d.sizeBytes(),
                        d.media(),
                        d.status().name(),
                        d.imagePath().toString(),
                        utc(d.createdAt()))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    /** Compare-and-set of a disk's status. */
    boolean setStatus(long id, DiskStatus from, DiskStatus to) {
        return jdbc.sql("UPDATE disk SET status = ? WHERE id = ? AND status = ?")
                        .params(to.name(), id, from.name())
                        .update()
                == 1;
    }

    void rename(long id, String name) {
        jdbc.sql("UPDATE disk SET name = ? WHERE id = ?").params(name, id).update();
    }

    void setMedia(long id, String media) {
        jdbc.sql("UPDATE disk SET media = ? WHERE id = ?").params(media, id).update();
    }

    void replaceMeta(long id, Map<String, String> meta) {
        jdbc.sql("DELETE FROM disk_meta WHERE disk_id = ?").param(id).update();
        for (var e : new TreeMap<>(meta).entrySet()) {
            jdbc.sql("INSERT INTO disk_meta (disk_id, meta_key, meta_value) VALUES (?, ?, ?)")
                    .params(id, e.getKey(), e.getValue())
                    .update();
        }
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM disk WHERE id = ?").param(id).update();
    }

    private List<Row> withMeta(List<Row> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Map<String, String>> meta =
                meta(rows.stream().map(r -> r.view().disk().id()).toList());
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, String> m = meta.get(r.view().disk().id());
            out.add(
                    m == null
                            ? r
                            : new Row(
                                    new DriveView(
                                            r.view().disk(),
                                            r.view().ownerUuid(),
                                            r.view().vmUuid(),
                                            r.view().vmState(),
                                            m),
                                    r.ownerDcId()));
        }
        return out;
    }

    private Map<Long, Map<String, String>> meta(Collection<Long> diskIds) {
        Map<Long, Map<String, String>> meta = new HashMap<>();
        // One IN list per 500 drives keeps every database's parameter limit far away.
        List<Long> ids = List.copyOf(diskIds);
        for (int i = 0; i < ids.size(); i += 500) {
            jdbc.sql("SELECT disk_id, meta_key, meta_value FROM disk_meta WHERE disk_id IN (:ids)")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .query(rs -> {
                        meta.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                                .put(rs.getString(2), rs.getString(3));
                    });
        }
        return meta;
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        Disk disk = disks.mapDisk(rs, n);
        String vmState = rs.getString("vm_state");
        return new Row(
                new DriveView(
                        disk,
                        rs.getString("owner_uuid"),
                        rs.getString("vm_uuid"),
                        vmState == null ? null : VmState.valueOf(vmState),
                        Map.of()),
                rs.getLong("owner_dc"));
    }

    static Path imagePath(Path dataDir, String uuid) {
        return dataDir.resolve("images").resolve(uuid + ".qcow2");
    }
}

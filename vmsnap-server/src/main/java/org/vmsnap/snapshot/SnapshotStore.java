package org.vmsnap.snapshot;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.nullableLong;
import static org.vmsnap.persistence.Db.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.vmsnap.snapshot.SnapshotQuery.Sort;

/** SQL for snapshots; status changes are compare-and-set. */
@Repository
class SnapshotStore {
    private static final String SELECT =
            "SELECT s.*, d.position AS disk_position FROM snapshot s JOIN disk d ON d.id = s.disk_id";

    // Danube's size sums leave out pending (here also deleting) and lost snapshots and unknown sizes.
    private static final String SIZED = "status NOT IN ('PENDING', 'DELETING', 'LOST') AND exclusive_bytes IS NOT NULL";

    private static final String INSERT = """
            INSERT INTO snapshot (uuid, disk_id, vm_id, name, type, origin, define_id, status, note,
                                  created_at, fsfreeze, consistency, task_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    SnapshotStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    private static Object[] insertParams(Snapshot s) {
        return new Object[] {
            s.uuid(),
            s.diskId(),
            s.vmId(),
            s.name(),
            s.type().name(),
            s.origin(),
            s.defineId(),
            s.status().name(),
            s.note(),
            utc(s.createdAt()),
            s.fsfreeze(),
            s.consistency()
        };
    }

    /** The storage tag a new row gets: the one it was given (shared by several disks' rows), else its own. */
    private static String tagOf(Snapshot s, long id) {
        return s.tag() != null ? s.tag() : Snapshot.tagFor(id);
    }

    /** Inserts the row and gives it its storage tag; returns the id. */
    long insert(Snapshot s) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql(INSERT).params(insertParams(s)).update(key, "id");
        long id = key.getKeyAs(Number.class).longValue();
        jdbc.sql("UPDATE snapshot SET tag = ? WHERE id = ?")
                .params(tagOf(s, id), id)
                .update();
        return id;
    }

    /**
     * {@link #insert} for many rows: one JDBC batch for the rows, one query for their ids (by their uuids: the
     * PostgreSQL driver runs a batch that returns generated keys about twice as slowly), one batch for their storage
     * tags. Returns the ids in list order.
     */
    List<Long> insertAll(List<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return List.of();
        }
        batch.batchUpdate(
                INSERT,
                snapshots,
                snapshots.size(),
                (ps, snapshot) -> new ArgumentPreparedStatementSetter(insertParams(snapshot)).setValues(ps));
        Map<String, Long> byUuid = new HashMap<>();
        jdbc.sql("SELECT id, uuid FROM snapshot WHERE uuid IN (:uuids)")
                .param("uuids", snapshots.stream().map(Snapshot::uuid).toList())
                .query(rs -> {
                    byUuid.put(rs.getString("uuid"), rs.getLong("id"));
                });
        List<Long> ids = snapshots.stream().map(x -> byUuid.get(x.uuid())).toList();
        if (ids.contains(null)) {
            throw new IllegalStateException("the database lost rows of a batch of " + snapshots.size());
        }
        List<Object[]> tags = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            tags.add(new Object[] {tagOf(snapshots.get(i), ids.get(i)), ids.get(i)});
        }
        batch.batchUpdate("UPDATE snapshot SET tag = ? WHERE id = ?", tags);
        return ids;
    }

    /** Which of the names are taken on which of the disks, as {@code diskId -> names}. */
    Map<Long, Set<String>> takenNames(Collection<Long> diskIds, Collection<String> names) {
        Map<Long, Set<String>> taken = new HashMap<>();
        if (diskIds.isEmpty() || names.isEmpty()) {
            return taken;
        }
        jdbc.sql("SELECT disk_id, name FROM snapshot WHERE disk_id IN (:disks) AND name IN (:names)")
                .param("disks", diskIds)
                .param("names", names)
                .query(rs -> {
                    taken.computeIfAbsent(rs.getLong(1), d -> new HashSet<>()).add(rs.getString(2));
                });
        return taken;
    }

    /** Those of the definitions with a snapshot still pending (being taken). */
    Set<Long> definitionsWithPending(Collection<Long> defineIds) {
        if (defineIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(
                jdbc.sql("SELECT DISTINCT define_id FROM snapshot WHERE define_id IN (:ids) AND status = 'PENDING'")
                        .param("ids", defineIds)
                        .query(Long.class)
                        .list());
    }

    /** {@link #countOfType} for many VMs at once; a VM without any is left out. */
    Map<Long, Long> countOfType(Collection<Long> vmIds, SnapshotType type) {
        return sumsByVm(
                "SELECT vm_id, COUNT(*) FROM snapshot WHERE vm_id IN (:ids) AND type = :type GROUP BY vm_id",
                vmIds,
                Map.of("type", type.name()));
    }

    /** {@link #sizedBytesOfVm} for many VMs at once; a VM without any is left out. */
    Map<Long, Long> sizedBytesOfVms(Collection<Long> vmIds) {
        return sumsByVm(
                "SELECT vm_id, SUM(exclusive_bytes) FROM snapshot WHERE vm_id IN (:ids) AND " + SIZED
                        + " GROUP BY vm_id",
                vmIds,
                Map.of());
    }

    private Map<Long, Long> sumsByVm(String sql, Collection<Long> vmIds, Map<String, Object> more) {
        Map<Long, Long> sums = new HashMap<>();
        if (vmIds.isEmpty()) {
            return sums;
        }
        jdbc.sql(sql).param("ids", vmIds).params(more).query(rs -> {
            sums.put(rs.getLong(1), rs.getLong(2));
        });
        return sums;
    }

    Optional<Row> byName(long diskId, String name) {
        return jdbc.sql(SELECT + " WHERE s.disk_id = ? AND s.name = ?")
                .params(diskId, name)
                .query(SnapshotStore::row)
                .optional();
    }

    Optional<Row> byId(long id) {
        return jdbc.sql(SELECT + " WHERE s.id = ?")
                .param(id)
                .query(SnapshotStore::row)
                .optional();
    }

    /** The ids of the disk's rows that are intents now: a create or a delete decided and not settled. */
    Set<Long> intentsOf(long diskId) {
        return new java.util.HashSet<>(jdbc.sql("SELECT id FROM snapshot WHERE disk_id = ? AND status IN (?, ?)")
                .params(diskId, SnapshotStatus.PENDING.name(), SnapshotStatus.DELETING.name())
                .query(Long.class)
                .list());
    }

    List<Row> ofDisk(long diskId) {
        return jdbc.sql(SELECT + " WHERE s.disk_id = ? ORDER BY s.id")
                .param(diskId)
                .query(SnapshotStore::row)
                .list();
    }

    List<Row> byNames(long diskId, Collection<String> names) {
        return jdbc.sql(SELECT + " WHERE s.disk_id = :disk AND s.name IN (:names) ORDER BY s.id")
                .param("disk", diskId)
                .param("names", names)
                .query(SnapshotStore::row)
                .list();
    }

    List<Row> list(long vmId, SnapshotQuery q) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE s.vm_id = :vm");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("vm", vmId);
        q.diskPosition().ifPresent(p -> {
            sql.append(" AND d.position = :pos");
            spec.put("pos", p);
        });
        q.type().ifPresent(t -> {
            sql.append(" AND s.type = :type");
            spec.put("type", t.name());
        });
        q.defineIds().ifPresent(ids -> {
            sql.append(" AND s.define_id IN (:defines)");
            spec.put("defines", ids);
        });
        sql.append(" ORDER BY ").append(orderBy(q.order()));
        return jdbc.sql(sql.toString()).params(spec).query(SnapshotStore::row).list();
    }

    /** Snapshots of the disks of each node's VMs, by node id. */
    Map<Long, Long> countByNode() {
        Map<Long, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT v.node_id, COUNT(*) FROM snapshot s JOIN vm v ON v.id = s.vm_id GROUP BY v.node_id")
                .query(rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                });
        return counts;
    }

    Map<Long, Long> countByDefinition(Collection<Long> defineIds) {
        Map<Long, Long> counts = new LinkedHashMap<>();
        if (defineIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT define_id, COUNT(*) FROM snapshot WHERE define_id IN (:ids) GROUP BY define_id")
                .param("ids", defineIds)
                .query(rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                });
        return counts;
    }

    List<Snapshot> ofDefinition(long defineId) {
        return jdbc
                .sql(SELECT + " WHERE s.define_id = ? ORDER BY s.id")
                .param(defineId)
                .query(SnapshotStore::row)
                .list()
                .stream()
                .map(Row::snapshot)
                .toList();
    }

    long countOnDisk(long diskId) {
        return jdbc.sql("SELECT COUNT(*) FROM snapshot WHERE disk_id = ?")
                .param(diskId)
                .query(Long.class)
                .single();
    }

    /** Snapshots of a VM of one type, all disks, all statuses. */
    long countOfType(long vmId, SnapshotType type) {
        return jdbc.sql("SELECT COUNT(*) FROM snapshot WHERE vm_id = ? AND type = ?")
                .params(vmId, type.name())
                .query(Long.class)
                .single();
    }

    /** Exclusive bytes of a VM's snapshots whose size is known and that are not pending, deleting or lost. */
    long sizedBytesOfVm(long vmId) {
        return jdbc.sql("SELECT COALESCE(SUM(exclusive_bytes), 0) FROM snapshot WHERE vm_id = ? AND " + SIZED)
                .param(vmId)
                .query(Long.class)
                .single();
    }

    /** As {@link #sizedBytesOfVm} over every VM of a DC (the VM table is only read, for its DC). */
    long sizedBytesOfDc(long dcId) {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(s.exclusive_bytes), 0) FROM snapshot s JOIN vm v ON v.id = s.vm_id
                        WHERE v.dc_id = ? AND s.status NOT IN ('PENDING', 'DELETING', 'LOST')
                          AND s.exclusive_bytes IS NOT NULL""").param(dcId).query(Long.class).single();
    }

    boolean newerExists(long diskId, long id) {
        return jdbc.sql("SELECT COUNT(*) FROM snapshot WHERE disk_id = ? AND id > ?")
                        .params(diskId, id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<Row> newer(long diskId, long id) {
        return jdbc.sql(SELECT + " WHERE s.disk_id = ? AND s.id > ? ORDER BY s.id")
                .params(diskId, id)
                .query(SnapshotStore::row)
                .list();
    }

    /** Compare-and-set; true when the row was in {@code from}. */
    boolean setStatus(long id, SnapshotStatus from, SnapshotStatus to) {
        return jdbc.sql("UPDATE snapshot SET status = ? WHERE id = ? AND status = ?")
                        .params(to.name(), id, from.name())
                        .update()
                == 1;
    }

    void setNote(long id, String note) {
        jdbc.sql("UPDATE snapshot SET note = ? WHERE id = ?").params(note, id).update();
    }

    void setConsistency(long id, boolean fsfreeze, String consistency) {
        jdbc.sql("UPDATE snapshot SET fsfreeze = ?, consistency = ? WHERE id = ?")
                .params(fsfreeze, consistency, id)
                .update();
    }

    void setSizes(long id, long exclusive, long changedSince) {
        jdbc.sql("UPDATE snapshot SET exclusive_bytes = ?, changed_since_bytes = ? WHERE id = ?")
                .params(exclusive, changedSince, id)
                .update();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM snapshot WHERE id = ?").param(id).update();
    }

    void deleteOfDisks(Collection<Long> diskIds) {
        jdbc.sql("DELETE FROM snapshot WHERE disk_id IN (:disks)")
                .param("disks", diskIds)
                .update();
    }

    private static String orderBy(List<Sort> order) {
        if (order.isEmpty()) {
            return "s.id DESC";
        }
        // NULLS placement spelled out so H2 and PostgreSQL sort alike; the id breaks ties.
        return order.stream()
                        .map(sort ->
                                column(sort.field()) + (sort.descending() ? " DESC NULLS FIRST" : " ASC NULLS LAST"))
                        .collect(Collectors.joining(", "))
                + ", s.id DESC";
    }

    private static String column(SnapshotQuery.Field field) {
        return switch (field) {
            case NAME -> "s.name";
            case DISK_ID -> "d.position";
            case SIZE -> "s.exclusive_bytes";
            case CREATED -> "s.id";
            case HOSTNAME -> "s.vm_id";
        };
    }

    /** A snapshot with the position of its disk. */
    record Row(Snapshot snapshot, int diskPosition) {}

    static Row row(ResultSet rs, int n) throws SQLException {
        Snapshot s = new Snapshot(
                rs.getLong("id"),
                rs.getString("uuid"),
                rs.getLong("disk_id"),
                nullableLong(rs, "vm_id"),
                rs.getString("name"),
                rs.getString("tag"),
                SnapshotType.valueOf(rs.getString("type")),
                rs.getString("origin"),
                nullableLong(rs, "define_id"),
                SnapshotStatus.valueOf(rs.getString("status")),
                rs.getString("note"),
                instant(rs, "created_at"),
                rs.getBoolean("fsfreeze"),
                rs.getString("consistency"),
                nullableLong(rs, "exclusive_bytes"),
                nullableLong(rs, "changed_since_bytes"));
        return new Row(s, rs.getInt("disk_position"));
    }
}

package org.vmsnap.inventory;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.nullableLong;
import static org.vmsnap.persistence.Db.utc;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for nodes, VMs and disks. */
@Repository
class InventoryStore {
    private final JdbcClient jdbc;

    InventoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Vm> vm(String hostnameOrUuid) {
        // Not "hostname = ? OR uuid = ?": H2 answers an OR over two columns with a scan of the whole table.
        return jdbc.sql("SELECT * FROM vm WHERE hostname = ? UNION ALL SELECT * FROM vm WHERE uuid = ?")
                .params(hostnameOrUuid, hostnameOrUuid)
                .query(this::mapVm)
                .optional();
    }

    Optional<Vm> vm(long id) {
        return jdbc.sql("SELECT * FROM vm WHERE id = ?")
                .param(id)
                .query(this::mapVm)
                .optional();
    }

    List<Vm> vmsOnNode(String hostname) {
        return jdbc.sql("SELECT v.* FROM vm v JOIN node n ON n.id = v.node_id WHERE n.hostname = ? ORDER BY v.id")
                .param(hostname)
                .query(this::mapVm)
                .list();
    }

    List<Vm> vmsInDc(long dcId) {
        return jdbc.sql("SELECT * FROM vm WHERE dc_id = ? ORDER BY hostname")
                .param(dcId)
                .query(this::mapVm)
                .list();
    }

    /** VMs by id; missing ones are left out. */
    List<Vm> vms(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM vm WHERE id IN (:ids)")
                .param("ids", ids)
                .query(this::mapVm)
                .list();
    }

    /** {@link #vms}, their rows locked in id order until the transaction ends (read and locked in one statement). */
    List<Vm> lockedVms(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM vm WHERE id IN (:ids) ORDER BY id FOR UPDATE")
                .param("ids", ids)
                .query(this::mapVm)
                .list();
    }

    /** VMs whose hostname or uuid is one of {@code refs} (two index lookups, as {@link #vm(String)}). */
    List<Vm> vmsByRef(Collection<String> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM vm WHERE hostname IN (:refs) UNION ALL SELECT * FROM vm WHERE uuid IN (:refs)")
                .param("refs", refs)
                .query(this::mapVm)
                .list();
    }

    /** Locks the rows of the VMs, in id order (so two batches never wait on each other in a circle). */
    void lockAll(Collection<Long> vmIds) {
        if (vmIds.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT id FROM vm WHERE id IN (:ids) ORDER BY id FOR UPDATE")
                .param("ids", vmIds)
                .query(Long.class)
                .list();
    }

    /** Disks attached to the VMs, by VM and position. */
    List<Disk> disksOfVms(Collection<Long> vmIds) {
        if (vmIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM disk WHERE vm_id IN (:ids) ORDER BY vm_id, position")
                .param("ids", vmIds)
                .query(this::mapDisk)
                .list();
    }

    List<Vm> vmsIn(VmState state) {
        return jdbc.sql("SELECT * FROM vm WHERE state = ?")
                .param(state.name())
                .query(this::mapVm)
                .list();
    }

    void insertVm(Vm vm) {
        jdbc.sql("""
                        INSERT INTO vm (uuid, hostname, alias, owner_id, dc_id, node_id, brand, state, installed,
                                        created_at, address)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        vm.uuid(),
                        vm.hostname(),
                        vm.alias(),
                        vm.ownerId(),
                        vm.dcId(),
                        vm.nodeId(),
                        vm.brand(),
                        vm.state().name(),
                        vm.installed(),
                        utc(vm.createdAt()),
                        vm.address())
                .update();
    }

    /** Compare-and-set of the VM state; true when the row was in one of {@code from}. */
    boolean setState(long vmId, Collection<VmState> from, VmState to, Boolean installed) {
        List<String> names = from.stream().map(Enum::name).toList();
        String sql = installed == null
                ? "UPDATE vm SET state = :to WHERE id = :id AND state IN (:from)"
                : "UPDATE vm SET state = :to, installed = :installed WHERE id = :id AND state IN (:from)";
        var spec = jdbc.sql(sql).param("to", to.name()).param("id", vmId).param("from", names);
        if (installed != null) {
            spec = spec.param("installed", installed);
        }
        return spec.update() == 1;
    }

    VmSnapshotLimits snapshotLimits(long vmId) {
        return jdbc.sql("""
                        SELECT snapshot_limit_manual, snapshot_limit_auto, snapshot_size_limit_mb,
                               snapshot_size_percent_limit
                        FROM vm WHERE id = ?""")
                .param(vmId)
                .query(InventoryStore::mapLimits)
                .optional()
                .orElse(VmSnapshotLimits.NONE);
    }

    /** The quotas of the VMs; a missing VM has none. */
    Map<Long, VmSnapshotLimits> snapshotLimits(Collection<Long> vmIds) {
        Map<Long, VmSnapshotLimits> limits = new HashMap<>();
        if (vmIds.isEmpty()) {
            return limits;
        }
        jdbc.sql("""
                        SELECT id, snapshot_limit_manual, snapshot_limit_auto, snapshot_size_limit_mb,
                               snapshot_size_percent_limit
                        FROM vm WHERE id IN (:ids)""").param("ids", vmIds).query(rs -> {
            limits.put(rs.getLong("id"), mapLimits(rs, 0));
        });
        return limits;
    }

    private static VmSnapshotLimits mapLimits(ResultSet rs, int n) throws SQLException {
        return new VmSnapshotLimits(
                Optional.ofNullable(nullableLong(rs, "snapshot_limit_manual")),
                Optional.ofNullable(nullableLong(rs, "snapshot_limit_auto")),
                Optional.ofNullable(nullableLong(rs, "snapshot_size_limit_mb")),
                Optional.ofNullable(nullableLong(rs, "snapshot_size_percent_limit")));
    }

    void setSnapshotLimits(long vmId, VmSnapshotLimits limits) {
        jdbc.sql("""
                        UPDATE vm SET snapshot_limit_manual = ?, snapshot_limit_auto = ?, snapshot_size_limit_mb = ?,
                                      snapshot_size_percent_limit = ?
                        WHERE id = ?""")
                .params(
                        limits.manualCount().orElse(null),
                        limits.autoCount().orElse(null),
                        limits.sizeMb().orElse(null),
                        limits.sizePercent().orElse(null),
                        vmId)
                .update();
    }

    /** Holds the VM's row until the transaction ends, so checks and the insert they guard run one at a time. */
    void lock(long vmId) {
        jdbc.sql("SELECT id FROM vm WHERE id = ? FOR UPDATE")
                .param(vmId)
                .query(Long.class)
                .optional();
    }

    void deleteVm(long vmId) {
        jdbc.sql("DELETE FROM vm WHERE id = ?").param(vmId).update();
    }

    List<Disk> disksOf(long vmId) {
        return jdbc.sql("SELECT * FROM disk WHERE vm_id = ? ORDER BY position")
                .param(vmId)
                .query(this::mapDisk)
                .list();
    }

    Optional<Disk> disk(long id) {
        return jdbc.sql("SELECT * FROM disk WHERE id = ?")
                .param(id)
                .query(this::mapDisk)
                .optional();
    }

    boolean imageInUse(Path path) {
        return jdbc.sql("SELECT COUNT(*) FROM disk WHERE image_path = ?")
                        .param(path.toString())
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insertDisk(Disk d) {
        jdbc.sql("""
                        INSERT INTO disk (uuid, name, owner_id, vm_id, position, size_bytes, media, status,
                                          image_path, adopted, created_at, node)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        d.uuid(),
                        d.name(),
                        d.ownerId(),
                        d.vmId(),
                        d.position(),
                        d.sizeBytes(),
                        d.media(),
                        d.status().name(),
                        d.imagePath().toString(),
                        d.adopted(),
                        utc(d.createdAt()),
                        d.node())
                .update();
    }

    void setDiskStatus(long diskId, DiskStatus status, long sizeBytes) {
        jdbc.sql("UPDATE disk SET status = ?, size_bytes = ? WHERE id = ?")
                .params(status.name(), sizeBytes, diskId)
                .update();
    }

    void deleteDisksOf(long vmId) {
        jdbc.sql("DELETE FROM disk WHERE vm_id = ?").param(vmId).update();
    }

    private Vm mapVm(ResultSet rs, int n) throws SQLException {
        return new Vm(
                rs.getLong("id"),
                rs.getString("uuid"),
                rs.getString("hostname"),
                rs.getString("alias"),
                rs.getLong("owner_id"),
                rs.getLong("dc_id"),
                rs.getLong("node_id"),
                rs.getString("brand"),
                VmState.valueOf(rs.getString("state")),
                rs.getBoolean("installed"),
                instant(rs, "created_at"),
                rs.getString("address"));
    }

    Disk mapDisk(ResultSet rs, int n) throws SQLException {
        return new Disk(
                rs.getLong("id"),
                rs.getString("uuid"),
                rs.getString("name"),
                rs.getLong("owner_id"),
                nullableLong(rs, "vm_id"),
                rs.getObject("position", Integer.class),
                rs.getLong("size_bytes"),
                rs.getString("media"),
                DiskStatus.valueOf(rs.getString("status")),
                Path.of(rs.getString("image_path")),
                rs.getBoolean("adopted"),
                instant(rs, "created_at"),
                rs.getString("node"));
    }
}

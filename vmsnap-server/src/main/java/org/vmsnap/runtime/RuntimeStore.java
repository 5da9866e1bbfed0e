package org.vmsnap.runtime;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vmsnap.persistence.Db;

/** The {@code vm_runtime} table. */
@Repository
class RuntimeStore {
    private final JdbcClient jdbc;

    RuntimeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<VmRuntime> of(long vmId) {
        return jdbc.sql("SELECT * FROM vm_runtime WHERE vm_id = ?")
                .param(vmId)
                .query(RuntimeStore::map)
                .optional();
    }

    /** The runtimes of those of the VMs that have one, by VM id. */
    Map<Long, VmRuntime> of(Collection<Long> vmIds) {
        if (vmIds.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql("SELECT * FROM vm_runtime WHERE vm_id IN (:ids)")
                .param("ids", vmIds)
                .query(RuntimeStore::map)
                .list()
                .stream()
                .collect(Collectors.toMap(VmRuntime::vmId, Function.identity()));
    }

    List<VmRuntime> all() {
        return jdbc.sql("SELECT * FROM vm_runtime").query(RuntimeStore::map).list();
    }

    void save(VmRuntime r) {
        int updated = jdbc.sql("""
                        UPDATE vm_runtime SET managed = ?, ram_mb = ?, vcpus = ?, kernel = ?, initrd = ?, cmdline = ?,
                               qmp_socket = ?, qga_socket = ?, pid = ?, started_at = ?
                         WHERE vm_id = ?""").params(params(r, false)).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO vm_runtime (managed, ram_mb, vcpus, kernel, initrd, cmdline, qmp_socket,
                                                    qga_socket, pid, started_at, vm_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(params(r, true)).update();
        }
    }

    private static List<Object> params(VmRuntime r, boolean insert) {
        return java.util.Arrays.asList(
                r.managed(),
                r.ramMb(),
                r.vcpus(),
                text(r.kernel()),
                text(r.initrd()),
                r.cmdline(),
                text(r.qmpSocket()),
                text(r.agentSocket()),
                r.pid(),
                r.startedAt() == null ? null : Db.utc(r.startedAt()),
                r.vmId());
    }

    private static String text(Path path) {
        return path == null ? null : path.toString();
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    private static VmRuntime map(ResultSet rs, int row) throws SQLException {
        Long pid = Db.nullableLong(rs, "pid");
        Instant started = Db.instant(rs, "started_at");
        return new VmRuntime(
                rs.getLong("vm_id"),
                rs.getBoolean("managed"),
                rs.getInt("ram_mb"),
                rs.getInt("vcpus"),
                path(rs.getString("kernel")),
                path(rs.getString("initrd")),
                rs.getString("cmdline"),
                path(rs.getString("qmp_socket")),
                path(rs.getString("qga_socket")),
                pid,
                started);
    }
}

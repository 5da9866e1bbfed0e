package org.vmsnap.inventory;

import static org.vmsnap.persistence.Db.instant;
import static org.vmsnap.persistence.Db.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The node table. */
@Repository
class NodeStore {
    private final JdbcClient jdbc;

    NodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Node> byHostname(String hostname) {
        return jdbc.sql("SELECT * FROM node WHERE hostname = ?")
                .param(hostname)
                .query(NodeStore::map)
                .optional();
    }

    Optional<Node> byId(long id) {
        return jdbc.sql("SELECT * FROM node WHERE id = ?")
                .param(id)
                .query(NodeStore::map)
                .optional();
    }

    List<Node> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM node WHERE id IN (:ids)")
                .param("ids", ids)
                .query(NodeStore::map)
                .list();
    }

    List<Node> all() {
        return jdbc.sql("SELECT * FROM node ORDER BY hostname")
                .query(NodeStore::map)
                .list();
    }

    /** The embedded node of this server, created online when missing. */
    void ensureEmbedded(String hostname, String address) {
        if (byHostname(hostname).isPresent()) {
            jdbc.sql("UPDATE node SET uuid = COALESCE(uuid, ?), address = ? WHERE hostname = ?")
                    .params(UUID.randomUUID().toString(), address, hostname)
                    .update();
            return;
        }
        try {
            jdbc.sql("INSERT INTO node (hostname, status, uuid, remote, address) VALUES (?, 'online', ?, FALSE, ?)")
                    .params(hostname, UUID.randomUUID().toString(), address)
                    .update();
        } catch (DuplicateKeyException raced) {
            // another replica made it
        }
    }

    /** Records an agent's report: the node is made (online) on its first contact, refreshed on every later one. */
    void report(NodeReport r, Instant at) {
        int updated = jdbc.sql("""
                        UPDATE node SET remote = TRUE, address = ?, cpus = ?, ram_mb = ?, cpus_free = ?,
                                        ram_free_mb = ?, images_dir = ?, last_seen_at = ?
                        WHERE hostname = ?""")
                .params(r.address(), r.cpus(), r.ramMb(), r.cpusFree(), r.ramFreeMb(), r.imagesDir(), utc(at))
                .param(r.hostname())
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("""
                                INSERT INTO node (hostname, status, uuid, remote, address, cpus, ram_mb, cpus_free,
                                                  ram_free_mb, images_dir, last_seen_at)
                                VALUES (?, 'online', ?, TRUE, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(
                                r.hostname(),
                                UUID.randomUUID().toString(),
                                r.address(),
                                r.cpus(),
                                r.ramMb(),
                                r.cpusFree(),
                                r.ramFreeMb(),
                                r.imagesDir(),
                                utc(at))
                        .update();
            } catch (DuplicateKeyException raced) {
                report(r, at); // another replica registered it in between
            }
        }
    }

    /** Compare-and-set is not needed: the operator's status is a plain choice, the last one wins. */
    void setStatus(long id, NodeStatus status) {
        jdbc.sql("UPDATE node SET status = ? WHERE id = ?")
                .params(status.label(), id)
                .update();
    }

    /** Number of VMs per node id. */
    Map<Long, Long> vmCounts() {
        Map<Long, Long> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT node_id, COUNT(*) AS n FROM vm GROUP BY node_id").query(rs -> {
            counts.put(rs.getLong("node_id"), rs.getLong("n"));
        });
        return counts;
    }

    private static Node map(ResultSet rs, int n) throws SQLException {
        String status = rs.getString("status");
        return new Node(
                rs.getLong("id"),
                rs.getString("uuid"),
                rs.getString("hostname"),
                status.equals("maintenance") ? NodeStatus.MAINTENANCE : NodeStatus.ONLINE,
                rs.getBoolean("remote"),
                rs.getString("address"),
                rs.getInt("cpus"),
                rs.getLong("ram_mb"),
                rs.getInt("cpus_free"),
                rs.getLong("ram_free_mb"),
                rs.getString("images_dir"),
                instant(rs, "last_seen_at"));
    }
}

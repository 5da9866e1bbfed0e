import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The floor under SchedulerBench's burst (issue 3): plain JDBC on vmsnap's own schema, no server, no checks, for
 * 10,000 definitions due in one minute among 100,000. Two write sets, in transactions of BATCH rows:
 *   old:   what a tick wrote per firing before it queued them: the claim (compare-and-set of next_run_at), the
 *          snapshot intent and its tag, the task row and its PENDING log line;
 *   queue: what the first half of a tick writes now: one snapshot_firing row.
 * Usage: bench/scheduler/run floor h2|pg [BATCH]   (default batch 500)
 */
public class BurstFloor {
    static final Instant NOW = Instant.parse("2026-12-01T00:00:30Z");

    public static void main(String[] args) throws Exception {
        boolean pg = args[0].equals("pg");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        for (String set : List.of("old", "queue")) {
            AutoCloseable server = null;
            String url;
            if (pg) {
                var embedded = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
                server = embedded;
                url = embedded.getJdbcUrl("postgres", "postgres");
            } else {
                url = "jdbc:h2:file:" + java.nio.file.Files.createTempDirectory("burstfloor") + "/db;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
            }
            String user = pg ? "postgres" : "sa", password = pg ? "postgres" : "";
            org.flywaydb.core.Flyway.configure().dataSource(url, user, password)
                    .locations("filesystem:vmsnap-server/src/main/resources/db/migration",
                            "filesystem:vmsnap-server/src/main/resources/db/vendor/" + (pg ? "postgresql" : "h2"))
                    .load().migrate();
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                seed(c);
                Map<String, Double> ms = new LinkedHashMap<>();
                long t0 = System.nanoTime();
                int fired = set.equals("old") ? old(c, batch, ms) : queue(c, batch, ms);
                System.out.printf("BurstFloor %s, %s write set, batches of %d: %,d firings in %.0f ms %s%n",
                        pg ? "PostgreSQL" : "H2", set, batch, fired, (System.nanoTime() - t0) / 1e6, rounded(ms));
            } finally {
                if (server != null) server.close();
            }
        }
    }

    static long lap;

    static void lap(Map<String, Double> ms, String phase) {
        long now = System.nanoTime();
        ms.merge(phase, (now - lap) / 1e6, Double::sum);
        lap = now;
    }

    static Map<String, Long> rounded(Map<String, Double> ms) {
        Map<String, Long> r = new LinkedHashMap<>();
        ms.forEach((k, v) -> r.put(k, Math.round(v)));
        return r;
    }

    /** 10,000 VMs with one disk and ten definitions each; the first definition of each disk is due. */
    static void seed(Connection c) throws SQLException {
        Timestamp now = Timestamp.from(NOW), later = Timestamp.from(NOW.plusSeconds(5 * 3600));
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO dc (name, created_at) VALUES ('floor', CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO node (hostname, status) VALUES ('floor', 'ONLINE')");
            long dc = one(st, "SELECT id FROM dc WHERE name = 'floor'");
            st.execute("INSERT INTO app_user (uuid, username, password_hash, role, api_access, active, dc_id, created_at)"
                    + " VALUES ('floor', 'floor', 'x', 'ADMIN', TRUE, TRUE, " + dc + ", CURRENT_TIMESTAMP)");
            long owner = one(st, "SELECT id FROM app_user WHERE username = 'floor'");
            long node = one(st, "SELECT id FROM node WHERE hostname = 'floor'");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO vm (uuid, hostname, alias, owner_id, dc_id, node_id,"
                    + " brand, state, installed, created_at) VALUES (?, ?, ?, ?, ?, ?, 'kvm', 'STOPPED', TRUE, ?)")) {
                for (int i = 0; i < 10_000; i++) {
                    p.setString(1, UUID.randomUUID().toString());
                    p.setString(2, "fl" + i);
                    p.setString(3, "fl" + i);
                    p.setLong(4, owner);
                    p.setLong(5, dc);
                    p.setLong(6, node);
                    p.setTimestamp(7, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            st.execute("INSERT INTO disk (uuid, name, owner_id, vm_id, position, size_bytes, media, status, image_path,"
                    + " adopted, created_at) SELECT uuid, 'disk1', owner_id, id, 1, 1048576, 'disk', 'READY',"
                    + " '/nonexistent/' || uuid, FALSE, created_at FROM vm WHERE hostname LIKE 'fl%'");
            List<long[]> disks = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, vm_id FROM disk ORDER BY id")) {
                while (rs.next()) disks.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
            Random random = new Random(20261201);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO snapshot_define (vm_id, disk_id, name, schedule,"
                    + " retention, active, description, fsfreeze, next_run_at, created_at) VALUES (?, ?, ?, ?, 0, TRUE, '',"
                    + " FALSE, ?, ?)")) {
                for (long[] d : disks) {
                    for (int k = 0; k < 10; k++) {
                        p.setLong(1, d[1]);
                        p.setLong(2, d[0]);
                        p.setString(3, "d" + k);
                        p.setString(4, random.nextInt(60) + " " + random.nextInt(24) + " * * *");
                        p.setTimestamp(5, k == 0 ? now : later);
                        p.setTimestamp(6, now);
                        p.addBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int old(Connection c, int batch, Map<String, Double> ms) throws SQLException {
        Timestamp now = Timestamp.from(NOW), next = Timestamp.from(NOW.plusSeconds(86_400));
        int fired = 0;
        lap = System.nanoTime();
        while (true) {
            List<long[]> due = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, vm_id, disk_id FROM snapshot_define"
                    + " WHERE active = TRUE AND next_run_at <= ? ORDER BY active, next_run_at LIMIT ?")) {
                p.setTimestamp(1, now);
                p.setInt(2, batch);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) due.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
            lap(ms, "select");
            if (due.isEmpty()) return fired;
            try (PreparedStatement p = c.prepareStatement("UPDATE snapshot_define SET next_run_at = ?, last_run_at = ?"
                    + " WHERE id = ? AND next_run_at = ? AND active <> FALSE")) {
                for (long[] d : due) {
                    p.setTimestamp(1, next);
                    p.setTimestamp(2, now);
                    p.setLong(3, d[0]);
                    p.setTimestamp(4, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            lap(ms, "claim");
            List<String> uuids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO snapshot (uuid, disk_id, vm_id, name, type, origin,"
                    + " define_id, status, note, created_at, fsfreeze) VALUES (?, ?, ?, 'd0-20261201_000000', 'AUTOMATIC',"
                    + " 'VMSNAP', ?, 'PENDING', '', ?, FALSE)")) {
                for (long[] d : due) {
                    String uuid = UUID.randomUUID().toString();
                    uuids.add(uuid);
                    p.setString(1, uuid);
                    p.setLong(2, d[2]);
                    p.setLong(3, d[1]);
                    p.setLong(4, d[0]);
                    p.setTimestamp(5, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE snapshot SET tag = 'vs-' || CAST(id AS VARCHAR(20))"
                    + " WHERE uuid = ?")) {
                for (String uuid : uuids) {
                    p.setString(1, uuid);
                    p.addBatch();
                }
                p.executeBatch();
            }
            lap(ms, "intents");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO task (id, callback_key, uuid, kind, state, user_id,"
                    + " owner_id, dc_id, vm_id, disk_ids, params, created_at) VALUES (?, ?, ?, 'SNAPSHOT_CREATE', 'PENDING', 1,"
                    + " 1, 1, ?, ?, '{\"snapname\":\"d0-20261201_000000\",\"disk_id\":1}', ?)")) {
                for (long[] d : due) {
                    p.setString(1, "7a1d1-" + UUID.randomUUID().toString().substring(0, 23));
                    p.setString(2, UUID.randomUUID().toString().replace("-", ""));
                    p.setString(3, UUID.randomUUID().toString());
                    p.setLong(4, d[1]);
                    p.setString(5, Long.toString(d[2]));
                    p.setTimestamp(6, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO task_log (logged_at, task_id, status, user_id,"
                    + " username, owner_id, dc_id, msg, detail, object_type, object_name, object_alias, flag, auto_task)"
                    + " VALUES (?, ?, 'PENDING', 1, 'admin', 1, 1, 'Create snapshot of server''s disk',"
                    + " 'snapname=d0-20261201_000000, disk_id=1, type=1', 'vm', 'fl', 'fl', 1, TRUE)")) {
                for (long[] d : due) {
                    p.setTimestamp(1, now);
                    p.setString(2, "7a1d1-" + d[0]);
                    p.addBatch();
                }
                p.executeBatch();
            }
            lap(ms, "tasks+log");
            c.commit();
            lap(ms, "commit");
            fired += due.size();
        }
    }

    static int queue(Connection c, int batch, Map<String, Double> ms) throws SQLException {
        Timestamp now = Timestamp.from(NOW);
        int queued = 0;
        lap = System.nanoTime();
        while (true) {
            List<long[]> due = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT f.id FROM snapshot_define f WHERE f.active = TRUE"
                    + " AND f.next_run_at <= ? AND NOT EXISTS (SELECT 1 FROM snapshot_firing q WHERE q.define_id = f.id)"
                    + " ORDER BY f.active, f.next_run_at LIMIT ?")) {
                p.setTimestamp(1, now);
                p.setInt(2, batch);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) due.add(new long[] {rs.getLong(1)});
                }
            }
            lap(ms, "select");
            if (due.isEmpty()) return queued;
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO snapshot_firing (define_id, due_at, fired_at) VALUES (?, ?, ?)")) {
                for (long[] d : due) {
                    p.setLong(1, d[0]);
                    p.setTimestamp(2, now);
                    p.setTimestamp(3, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            lap(ms, "queue");
            c.commit();
            lap(ms, "commit");
            queued += due.size();
        }
    }
}

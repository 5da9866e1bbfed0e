import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vmsnap.VmsnapApplication;
import org.vmsnap.agent.SimulatedAgents;
import org.vmsnap.node.NodeLink;
import org.vmsnap.scheduler.SnapshotScheduler;

/**
 * Control-plane scale (issue 14, Numbers): the real control plane (Spring context, H2 file, task engine,
 * scheduler, NodeLink) over a private RabbitMQ, and 50 real agents in one JVM over a stub storage driver (their
 * storage work is nothing; everything else is real: node queues, confirms, replies, ledgers, heartbeats). 10,000 VMs
 * with one disk each spread over the 50 nodes, one definition each, all due in the same minute: one scheduler tick,
 * then until every call is confirmed by the broker (target 5 s), until every task is settled (target 30 s), and
 * whether any snapshot was lost or made twice (target: none).
 *
 * Usage: bench/nodes/scale [quick]
 */
public class ScaleBench {
    public static void main(String[] args) throws Exception {
        String broker = args[0];
        boolean quick = args.length > 1 && args[1].equals("quick");
        int nodes = quick ? 10 : 50, vms = quick ? 1_000 : 10_000;
        Path data = Files.createTempDirectory("vmsnap-scalebench-");
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(VmsnapApplication.class)
                .web(WebApplicationType.NONE)
                .run("--vmsnap.data-dir=" + data.resolve("control"), "--vmsnap.scheduler.enabled=false",
                        "--VMSNAP_ADMIN_PASSWORD=bench-pw", "--logging.level.org.vmsnap=WARN",
                        "--logging.level.com.rabbitmq=ERROR", "--vmsnap.broker=" + broker, "--vmsnap.local-node=",
                        "--vmsnap.tasks.max-running=" + System.getProperty("maxRunning", "32"));
        try (SimulatedAgents agents = SimulatedAgents.start(broker, data.resolve("nodes"), "sim", nodes)) {
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            SnapshotScheduler scheduler = ctx.getBean(SnapshotScheduler.class);
            NodeLink link = ctx.getBean(NodeLink.class);
            for (int i = 0; jdbc.queryForObject("SELECT COUNT(*) FROM node WHERE remote", Long.class) < nodes; i++) {
                if (i > 600) throw new IllegalStateException("the agents did not register");
                Thread.sleep(50); // their first hellos; not measured
            }
            // whole seconds, as schedules give: the database keeps microseconds, and would round nanoseconds up
            Instant due = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            long t0 = System.nanoTime();
            seed(jdbc, data.resolve("nodes"), nodes, vms, due);
            System.out.printf("ScaleBench: %d agents (one JVM, stub storage), %,d VMs/disks/definitions seeded in %.1f s%n",
                    nodes, vms, (System.nanoTime() - t0) / 1e9);
            System.out.printf("  definitions: %d, next runs %s..%s, due %s%n",
                    jdbc.queryForObject("SELECT COUNT(*) FROM snapshot_define", Long.class),
                    jdbc.queryForObject("SELECT MIN(next_run_at) FROM snapshot_define", Timestamp.class),
                    jdbc.queryForObject("SELECT MAX(next_run_at) FROM snapshot_define", Timestamp.class), Timestamp.from(due));
            System.out.printf("  seeded: %d VMs, %d disks, %d definitions due, %d nodes online%n",
                    jdbc.queryForObject("SELECT COUNT(*) FROM vm", Long.class),
                    jdbc.queryForObject("SELECT COUNT(*) FROM disk", Long.class),
                    jdbc.queryForObject("SELECT COUNT(*) FROM snapshot_define WHERE next_run_at <= ?", Long.class, Timestamp.from(due)),
                    jdbc.queryForObject("SELECT COUNT(*) FROM node WHERE remote AND status = 'online'", Long.class));

            long confirmedBefore = link.stats().confirmed();
            long s = System.nanoTime();
            int queued = scheduler.queue(due);
            int fired = scheduler.fireQueued(due);
            double firedMs = (System.nanoTime() - s) / 1e6;
            long sent = 0;
            for (int i = 0; ; i++) {
                if (jdbc.queryForObject("SELECT COUNT(*) FROM task WHERE state IN ('PENDING', 'STARTED')", Long.class) == 0) break;
                if (i > 15_000) throw new IllegalStateException("tasks did not settle within 5 minutes");
                Thread.sleep(20); // a poll; the time is taken from the task rows and the link below
            }
            NodeLink.Stats stats = link.stats();
            sent = stats.confirmed() - confirmedBefore;
            double confirmedS = (stats.lastConfirmedNanos() - s) / 1e9;
            Timestamp lastEnd = jdbc.queryForObject("SELECT MAX(finished_at) FROM task WHERE kind = 'SNAPSHOT_CREATE'", Timestamp.class);
            Timestamp firstStart = jdbc.queryForObject("SELECT MIN(created_at) FROM task WHERE kind = 'SNAPSHOT_CREATE'", Timestamp.class);
            double settledS = (System.nanoTime() - s) / 1e9;
            long ok = jdbc.queryForObject("SELECT COUNT(*) FROM task WHERE state = 'SUCCESS' AND kind = 'SNAPSHOT_CREATE'", Long.class);

            SimulatedAgents.Tally tally = agents.tally();
            Map<Path, Set<String>> rows = new HashMap<>();
            jdbc.query("SELECT d.image_path, s.tag FROM snapshot s JOIN disk d ON d.id = s.disk_id WHERE s.status = 'OK'",
                    rs -> { rows.computeIfAbsent(Path.of(rs.getString(1)), p -> new HashSet<>()).add(rs.getString(2)); });
            int lost = 0, extra = 0;
            for (var e : rows.entrySet()) {
                Set<String> inImage = tally.tags().getOrDefault(e.getKey(), Set.of());
                for (String t : e.getValue()) if (!inImage.contains(t)) lost++;
            }
            for (var e : tally.tags().entrySet()) {
                Set<String> inDb = rows.getOrDefault(e.getKey(), Set.of());
                for (String t : e.getValue()) if (!inDb.contains(t)) extra++;
            }
            System.out.printf("  one tick: %,d firings queued, %,d tasks made and handed to the executor in %.0f ms%n", queued, fired, firedMs);
            System.out.printf("  %,d calls confirmed by the broker, the last %.2f s after the tick began (target <= 5 s)%n", sent, confirmedS);
            System.out.printf("  %,d of %,d snapshot tasks succeeded; all settled %.1f s after the tick began (target <= 30 s)%n", ok, vms, settledS);
            System.out.printf("  (task rows: first made %s, last finished %s)%n", firstStart, lastEnd);
            System.out.printf("  storage creates %,d; made twice %d; rows without their tag (lost) %d; tags without a row %d%n",
                    tally.creates(), tally.doubled(), lost, extra);
            result("calls confirmed by the broker (last, from the tick)", String.format("%.2f s", confirmedS), confirmedS <= 5 ? "met (target <= 5 s)" : "MISSED (target <= 5 s)");
            result("tasks settled (all, from the tick)", String.format("%.1f s", settledS), settledS <= 30 ? "met (target <= 30 s)" : "MISSED (target <= 30 s)");
            boolean exact = ok == vms && tally.doubled() == 0 && lost == 0 && extra == 0 && rows.values().stream().mapToInt(Set::size).sum() == vms;
            result("snapshots lost / made twice", lost + " / " + tally.doubled(), exact ? "met (one per definition, none lost or doubled)" : "MISSED");
        } finally {
            ctx.close();
            SchedulerBench.deleteTree(data);
        }
    }

    static void result(String what, String value, String verdict) {
        System.out.println("RESULT\tScale\t" + what + "\t" + value + "\t" + verdict);
    }

    /** VMs with one disk on the simulated nodes (round robin), deployed, one definition each due at {@code due}. */
    static void seed(JdbcTemplate jdbc, Path nodesRoot, int nodes, int vms, Instant due) {
        long owner = jdbc.queryForObject("SELECT id FROM app_user WHERE username = 'admin'", Long.class);
        long dc = jdbc.queryForObject("SELECT id FROM dc WHERE name = 'main'", Long.class);
        Map<String, Long> nodeIds = new HashMap<>();
        jdbc.query("SELECT hostname, id FROM node WHERE remote", rs -> { nodeIds.put(rs.getString(1), rs.getLong(2)); });
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> vmRows = new ArrayList<>(), diskRows = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            String node = "sim" + (i % nodes + 1);
            String uuid = UUID.randomUUID().toString();
            vmRows.add(new Object[] {uuid, "sc" + i, "sc" + i, owner, dc, nodeIds.get(node), now});
            Path image = nodesRoot.resolve(node).resolve("images").resolve(uuid + ".qcow2");
            diskRows.add(new Object[] {uuid, owner, 1048576, image.toString(), now, node, "sc" + i});
        }
        jdbc.batchUpdate("INSERT INTO vm (uuid, hostname, alias, owner_id, dc_id, node_id, brand, state, installed,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, 'kvm', 'STOPPED', TRUE, ?)", vmRows);
        jdbc.batchUpdate("INSERT INTO disk (uuid, name, owner_id, vm_id, position, size_bytes, media, status, image_path,"
                + " adopted, created_at, node) SELECT ?, 'disk1', ?, id, 1, ?, 'disk', 'READY', ?, FALSE, ?, ? FROM vm"
                + " WHERE hostname = ?", diskRows);
        List<Object[]> defs = new ArrayList<>();
        jdbc.query("SELECT id, vm_id FROM disk WHERE name = 'disk1'", rs -> {
            defs.add(new Object[] {rs.getLong(2), rs.getLong(1), Timestamp.from(due), now});
        });
        jdbc.batchUpdate("INSERT INTO snapshot_define (vm_id, disk_id, name, schedule, retention, active, description,"
                + " fsfreeze, next_run_at, created_at) VALUES (?, ?, 'hourly', '0 * * * *', 0, TRUE, '', FALSE, ?, ?)", defs);
    }
}

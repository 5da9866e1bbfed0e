package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database and one image directory, both running their schedulers. One is
 * killed with SIGKILL in the middle of a restore: the other settles the task it left (failed, disks reconciled,
 * VMs usable), runs new work on those disks, and the next scheduled tick still fires exactly once.
 */
class ReplicaCrashTest {
    private static final String PASSWORD = "replica-crash-pw";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    @TempDir
    Path root;

    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    private ServerProcess start(Path data, String url) throws Exception {
        ServerProcess server = ServerProcess.start(
                data,
                Map.of("VMSNAP_ADMIN_PASSWORD", PASSWORD),
                List.of(
                        "--db-url",
                        url,
                        "--db-user",
                        SharedPostgres.USER,
                        "--db-password",
                        SharedPostgres.PASSWORD,
                        "--vmsnap.replica.sweep-millis=300"));
        servers.add(server);
        return server;
    }

    /**
     * A replica whose PostgreSQL session (the one holding its advisory locks) is cut: the others would take over
     * its tasks, so it stops at once with status 75 for its supervisor to restart it, instead of working on.
     */
    @Test
    void aReplicaThatLosesItsSessionStopsAtOnceForItsSupervisor() throws Exception {
        String url = SharedPostgres.freshDatabase();
        ServerProcess server = start(root.resolve("lonely"), url);
        server.client().login("admin", PASSWORD);
        try (java.sql.Connection c =
                        java.sql.DriverManager.getConnection(url, SharedPostgres.USER, SharedPostgres.PASSWORD);
                java.sql.Statement s = c.createStatement()) {
            java.sql.ResultSet held = s.executeQuery("SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_database d"
                    + " ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()");
            assertThat(held.next())
                    .as("the replica's session holds its advisory lock")
                    .isTrue();
            int pid = held.getInt(1);
            assertThat(held.next()).as("one session holds them").isFalse();
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(75);
        assertThat(server.output()).contains("lost its database session: stopping now for a restart");
    }

    private static Path imageOf(DanubeClient c, Path data, String vm) {
        String uuid = c.get("/vm/" + vm + "/", Map.of())
                .json()
                .path("result")
                .path("disks")
                .get(0)
                .path("uuid")
                .asText();
        return data.resolve("images").resolve(uuid + ".qcow2");
    }

    private static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        T value = probe.get();
        while (!done.test(value)) {
            assertThat(Instant.now()).as("%s, last seen %s", what, value).isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // poll a real server
            value = probe.get();
        }
        return value;
    }

    private static List<String> snapshotNames(DanubeClient c, String vm) {
        List<String> names = new ArrayList<>();
        c.get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "order_by", "created"))
                .json()
                .path("result")
                .forEach(s ->
                        names.add(s.path("name").asText() + (s.path("status").asInt() == 1 ? "" : "?")));
        return names;
    }

    @Test
    void theSurvivorSettlesTheKilledReplicasTaskAndKeepsTicking() throws Exception {
        Path data = root.resolve("data");
        String url = SharedPostgres.freshDatabase();
        ServerProcess a = start(data, url);
        ServerProcess b = start(data, url);
        DanubeClient viaA = a.client().login("admin", PASSWORD);
        DanubeClient viaB = b.client().withToken(viaA.token());
        for (String vm : List.of("src", "dst")) {
            viaA.post("/vm/" + vm + "/define/", Map.of()).expect(201);
            viaA.post("/vm/" + vm + "/define/disk/1/", Map.of("size", "1024")).expect(201);
            viaB.stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
        }
        viaA.post("/vm/tick/define/", Map.of()).expect(201);
        viaA.post("/vm/tick/define/disk/1/", Map.of("size", "16")).expect(201);
        viaA.stream("POST", "/vm/tick/", Map.of()).expectFinal(200);
        viaB.post("/vm/tick/define/snapshot/every/", Map.of("schedule", "* * * * *", "retention", "0"))
                .expect(201);

        Path src = imageOf(viaA, data, "src");
        Path dst = imageOf(viaA, data, "dst");
        Qemu.write(src, 0xaa, "0", "768M");
        Qemu.write(dst, 0xcc, "0", "1M");
        viaA.stream("POST", "/vm/src/snapshot/s1/", Map.of()).expectFinal(200);
        viaB.stream("POST", "/vm/dst/snapshot/d1/", Map.of()).expectFinal(200);

        var started = viaA.put("/vm/src/snapshot/s1/", Map.of("target_hostname_or_uuid", "dst", "target_disk_id", "1"));
        started.expect(201);
        String taskId = started.json().path("task_id").asText();
        Path staging = dst.resolveSibling("." + dst.getFileName() + ".restore");
        await("the copy started on A", () -> Files.exists(staging), exists -> exists);
        assertThat(viaB.get("/task/" + taskId + "/status/", Map.of())
                        .json()
                        .path("status")
                        .asText())
                .as("B leaves a task of the live A alone")
                .isEqualTo("PENDING");
        a.kill();

        JsonNode status = await(
                "B settles A's restore",
                () -> viaB.get("/task/" + taskId + "/status/", Map.of()).json(),
                s -> !s.path("status").asText().equals("PENDING"));
        InterruptedRestore.assertSettled(viaB, status, staging, dst);
        assertThat(snapshotNames(viaB, "dst")).containsExactly("d1");
        assertThat(snapshotNames(viaB, "src")).containsExactly("s1");

        viaB.stream("POST", "/vm/dst/snapshot/after/", Map.of()).expectFinal(200);
        viaB.stream("PUT", "/vm/src/snapshot/s1/", Map.of("target_hostname_or_uuid", "dst", "target_disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.reads(dst, 0xaa, "0", "768M"))
                .as("the survivor restores")
                .isTrue();

        // Ticks: every minute both processes' schedulers tried; the survivor alone fires the next one.
        Instant killed = Instant.now();
        Instant nextMinute = killed.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        List<String> names = await(
                "a tick after the kill",
                () -> snapshotNames(viaB, "tick"),
                n -> n.stream()
                        .anyMatch(s -> !s.endsWith("?") && s.compareTo("every-" + STAMP.format(nextMinute)) >= 0));
        assertThat(names).allMatch(n -> n.matches("every-[0-9]{8}_[0-9]{6}"));
        List<Instant> minutes = names.stream()
                .map(n -> STAMP.parse(n.substring("every-".length()), Instant::from)
                        .truncatedTo(ChronoUnit.MINUTES))
                .toList();
        for (int i = 1; i < minutes.size(); i++) {
            assertThat(minutes.get(i))
                    .as("one snapshot a minute, none missed: %s", names)
                    .isEqualTo(minutes.get(i - 1).plus(Duration.ofMinutes(1)));
        }
        JsonNode log = viaB.get("/task/log/", Map.of("page", "1", "object_type", "vm", "object_name", "tick"))
                .json()
                .path("results");
        List<String> statuses = new ArrayList<>();
        log.forEach(e -> {
            if (e.path("msg").asText().startsWith("Create snapshot")) {
                statuses.add(e.path("status").asText());
            }
        });
        assertThat(statuses).as("nothing refused or skipped").doesNotContain("FAILURE");
        assertThat(statuses.stream().filter("SUCCESS"::equals).count())
                .as("one successful task per snapshot")
                .isEqualTo(names.size());
    }
}

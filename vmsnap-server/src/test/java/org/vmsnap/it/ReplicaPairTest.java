package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.vmsnap.VmsnapApplication;
import org.vmsnap.scheduler.SnapshotScheduler;

/**
 * Two server replicas (two application contexts, each with its own web server and connection pool) on one real
 * PostgreSQL database and one image directory: ticks driven on both at once fire each definition exactly once,
 * tasks sent to either replica run once each, one at a time per disk, in submission order.
 */
class ReplicaPairTest {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private static Path data;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void startReplicas() throws Exception {
        String url = SharedPostgres.freshDatabase();
        data = Files.createTempDirectory("vmsnap-replicas-");
        a = start(url);
        b = start(url);
    }

    @AfterAll
    static void stopReplicas() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("vmsnap.data-dir", data.toString());
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", SharedPostgres.USER);
        properties.put("spring.datasource.password", SharedPostgres.PASSWORD);
        properties.put("VMSNAP_ADMIN_PASSWORD", IntegrationTest.ADMIN_PASSWORD);
        properties.put("vmsnap.scheduler.enabled", "false");
        // sweeping for orphans all the time: a sweep must never take a task its own replica runs or queues
        properties.put("vmsnap.replica.sweep-millis", "20");
        // as command-line arguments: they must win over application.properties
        return new SpringApplicationBuilder(VmsnapApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", TestClock.CLOCK))
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static String token;

    /** The admin, through one replica; one login serves both (a new login would replace the token). */
    private static synchronized DanubeClient admin(ConfigurableApplicationContext replica) {
        int port = ((ServletWebServerApplicationContext) replica).getWebServer().getPort();
        DanubeClient client = new DanubeClient("http://127.0.0.1:" + port + "/api");
        if (token == null) {
            token = client.login("admin", IntegrationTest.ADMIN_PASSWORD).token();
        }
        return client.withToken(token);
    }

    private static String deployVm(DanubeClient admin, String hostname) {
        admin.post("/vm/" + hostname + "/define/", Map.of()).expect(201);
        admin.post("/vm/" + hostname + "/define/disk/1/", Map.of("size", "16")).expect(201);
        admin.stream("POST", "/vm/" + hostname + "/", Map.of()).expectFinal(200);
        return hostname;
    }

    private static List<String> snapshotNames(DanubeClient admin, String vm) {
        List<String> names = new ArrayList<>();
        admin.get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "order_by", "created"))
                .expect(200)
                .json()
                .path("result")
                .forEach(s ->
                        names.add(s.path("name").asText() + (s.path("status").asInt() == 1 ? "" : "?")));
        return names;
    }

    /** The task log of a VM, oldest first: "status msg detail" per entry. */
    private static List<String> log(DanubeClient admin, String vm) {
        JsonNode results = admin.get("/task/log/", Map.of("page", "1", "object_type", "vm", "object_name", vm))
                .expect(200)
                .json()
                .path("results");
        List<String> lines = new ArrayList<>();
        results.forEach(e -> lines.add(
                0,
                e.path("status").asText() + " " + e.path("msg").asText() + " "
                        + e.path("detail").asText()));
        return lines;
    }

    private static Path image(DanubeClient admin, String vm) {
        String uuid = admin.get("/vm/" + vm + "/", Map.of())
                .json()
                .path("result")
                .path("disks")
                .get(0)
                .path("uuid")
                .asText();
        return data.resolve("images").resolve(uuid + ".qcow2");
    }

    /** Names of the snapshot creations the task log shows as succeeded, in the order they ended. */
    private static List<String> succeeded(DanubeClient client, String vm) {
        return log(client, vm).stream()
                .filter(l -> l.startsWith("SUCCESS Create snapshot"))
                .map(l -> l.replaceAll(".*snapname='([^']*)'.*", "$1"))
                .toList();
    }

    private static void awaitNames(DanubeClient admin, String vm, List<String> expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> names = snapshotNames(admin, vm);
        while (!names.equals(expected) && Instant.now().isBefore(deadline)) {
            names = snapshotNames(admin, vm);
        }
        assertThat(names).as(vm).isEqualTo(expected);
    }

    @Test
    void ticksDrivenOnBothReplicasAtOnceFireEachDefinitionExactlyOnce() throws Exception {
        DanubeClient viaA = admin(a);
        DanubeClient viaB = admin(b);
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String vm = deployVm(i % 2 == 0 ? viaA : viaB, "tick" + i);
            (i % 2 == 0 ? viaB : viaA)
                    .post("/vm/" + vm + "/define/snapshot/every/", Map.of("schedule", "* * * * *", "retention", "0"))
                    .expect(201);
            vms.add(vm);
        }
        // the definitions may have been made on both sides of a minute: from the latest first run on, all are due
        // together (one that is a minute overdue then fires once, as a missed tick does)
        Instant first = vms.stream()
                .map(vm -> Instant.parse(viaA.get("/vm/" + vm + "/define/snapshot/every/", Map.of())
                        .json()
                        .path("result")
                        .path("next_run")
                        .asText()))
                .max(Instant::compareTo)
                .orElseThrow();
        SnapshotScheduler onA = a.getBean(SnapshotScheduler.class);
        SnapshotScheduler onB = b.getBean(SnapshotScheduler.class);
        int ticks = 12;
        List<String> expected = new ArrayList<>();
        int firedOnA = 0;
        int firedOnB = 0;
        for (int t = 0; t < ticks; t++) {
            // both replicas' clocks reach the same minute at once, a few seconds into it
            Instant now = first.plus(Duration.ofMinutes(t)).plusSeconds(3);
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Integer> tickA = CompletableFuture.supplyAsync(() -> tickAt(onA, now, together));
            CompletableFuture<Integer> tickB = CompletableFuture.supplyAsync(() -> tickAt(onB, now, together));
            int started = tickA.get() + tickB.get();
            firedOnA += tickA.get();
            firedOnB += tickB.get();
            assertThat(started)
                    .as("tick %d fired once per definition, in total", t)
                    .isEqualTo(vms.size());
            expected.add("every-" + STAMP.format(now));
            for (String vm : vms) {
                awaitNames(t % 2 == 0 ? viaA : viaB, vm, expected);
            }
        }
        assertThat(firedOnA + firedOnB).isEqualTo(ticks * vms.size());
        for (String vm : vms) {
            assertThat(snapshotNames(viaB, vm)).as("one snapshot per tick").isEqualTo(expected);
            assertThat(Qemu.tags(image(viaA, vm))).hasSize(ticks);
            List<String> log = log(viaA, vm).stream()
                    .filter(l -> l.contains("Create snapshot"))
                    .toList();
            assertThat(log)
                    .as("a PENDING and a SUCCESS line per tick, nothing refused or skipped")
                    .hasSize(2 * ticks)
                    .allMatch(l -> l.startsWith("PENDING ") || l.startsWith("SUCCESS "));
            assertThat(viaB.get("/vm/" + vm + "/define/snapshot/every/", Map.of())
                            .json()
                            .path("result")
                            .path("next_run")
                            .asText())
                    .isEqualTo(first.plus(Duration.ofMinutes(ticks)).toString());
        }
    }

    private static int tickAt(SnapshotScheduler scheduler, Instant now, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return scheduler.tick(now);
    }

    @Test
    void tasksSentToEitherReplicaRunOnceEachInSubmissionOrderPerDisk() throws Exception {
        DanubeClient viaA = admin(a);
        DanubeClient viaB = admin(b);
        String vm = deployVm(viaA, "order");
        // Submitted without waiting, alternately to each replica: they queue on the one disk across replicas.
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "s" + i;
            (i % 2 == 0 ? viaA : viaB)
                    .post("/vm/" + vm + "/snapshot/" + name + "/", Map.of())
                    .expect(201);
            submitted.add(name);
        }
        awaitNames(viaB, vm, submitted);
        // the rows exist from submission on; the tasks end later: wait for all ten end lines of the log
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> done = succeeded(viaA, vm);
        while (done.size() < submitted.size() && Instant.now().isBefore(deadline)) {
            done = succeeded(viaA, vm);
        }
        assertThat(done).as("finished in submission order").isEqualTo(submitted);
        assertThat(Qemu.tags(image(viaA, vm))).hasSize(submitted.size());

        // Two clients hammer the disk through different replicas at once: every call succeeds exactly once.
        List<CompletableFuture<Void>> clients = IntStream.range(0, 2)
                .mapToObj(c -> CompletableFuture.runAsync(() -> {
                    DanubeClient via = c == 0 ? viaA : viaB;
                    for (int i = 0; i < 5; i++) {
                        String path = "/vm/" + vm + "/snapshot/c" + c + "x" + i + "/";
                        via.stream("POST", path, Map.of()).expectFinal(200);
                        via.stream("DELETE", path, Map.of()).expectFinal(200);
                    }
                }))
                .toList();
        for (CompletableFuture<Void> client : clients) {
            client.get();
        }
        assertThat(snapshotNames(viaA, vm)).isEqualTo(submitted);
        assertThat(Qemu.tags(image(viaB, vm))).hasSize(submitted.size());
        Qemu.check(image(viaA, vm));
    }
}

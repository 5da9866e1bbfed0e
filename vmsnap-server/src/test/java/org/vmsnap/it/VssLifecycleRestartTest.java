package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.vmsnap.VmsnapApplication;
import org.vmsnap.request.RequestProcessor;

/**
 * One Create request walked through its whole life on a clock the test sets, across two restarts of the service on
 * the same data directory and database: submitted for tomorrow, taken at {@code from_date}, extended (before and
 * after a restart, at most three times), and deleted by the first tick of a service started after its
 * {@code to_date} had passed. Times on the wire are in the configured zone (America/Toronto here).
 */
class VssLifecycleRestartTest {
    private static final ZoneId TORONTO = ZoneId.of("America/Toronto");
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A clock the test moves; every service bean reads it. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private final TestClock clock = new TestClock();

    private ConfigurableApplicationContext start(Path data, boolean loop) {
        Map<String, Object> p = new HashMap<>();
        p.put("vmsnap.data-dir", data.toString());
        p.put("spring.datasource.url", "jdbc:h2:file:" + data + "/db/vmsnap;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        p.put("VMSNAP_ADMIN_PASSWORD", IntegrationTest.ADMIN_PASSWORD);
        p.put("server.port", "0");
        p.put("vmsnap.scheduler.enabled", String.valueOf(loop));
        p.put("vmsnap.requests.interval", "PT0.2S");
        p.put("vmsnap.vss.time-zone", TORONTO.getId());
        // as command-line arguments: they win over application.properties
        String[] args = p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(VmsnapApplication.class)
                .initializers(ctx -> ((GenericApplicationContext) ctx)
                        .registerBean("testClock", Clock.class, () -> clock, bd -> bd.setPrimary(true)))
                .run(args);
    }

    private static String endpoint(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    private static PyVss login(ConfigurableApplicationContext ctx) {
        PyVss vss = new PyVss(endpoint(ctx));
        vss.getToken("admin", IntegrationTest.ADMIN_PASSWORD, null);
        return vss;
    }

    private static JsonNode awaitStatus(PyVss vss, long id, String... statuses) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode r = null;
        while (Instant.now().isBefore(deadline)) {
            r = vss.getSnapshotRequest(id);
            if (java.util.List.of(statuses).contains(r.path("status").asText())) {
                return r;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("request " + id + " never reached " + java.util.List.of(statuses) + ": " + r);
    }

    private static int catchStatus(PyVss vss) {
        return VssPyvssReplayTest.catchVss(() -> vss.getSnapshotRequests(false, Map.of())).status;
    }

    private static String torontoOffset(Instant at) {
        return TORONTO.getRules().getOffset(at).getId();
    }

    @Test
    void aRequestLivesThroughTwoRestartsAndIsDeletedByTheFirstTickAfterItsExpiry() throws Exception {
        Path data = TestBackends.freshDataDir("vmsnap-vss-restart-");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        clock.now.set(t0);
        Instant from = t0.plus(Duration.ofDays(1));
        String fromText = WIRE.format(from.atZone(TORONTO));
        String moref;
        Path image;
        long id;
        String earlyToken;

        try (ConfigurableApplicationContext a = start(data, false)) {
            DanubeClient admin = new DanubeClient(endpoint(a) + "/api").login("admin", IntegrationTest.ADMIN_PASSWORD);
            String vm = "vm-restart";
            admin.post("/vm/" + vm + "/define/", Map.of("owner", "admin")).expect(201);
            admin.post("/vm/" + vm + "/define/disk/1/", Map.of("size", "8")).expect(201);
            admin.stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
            String uuid = admin.get("/vm/" + vm + "/", Map.of())
                    .expect(200)
                    .json()
                    .path("result")
                    .path("uuid")
                    .asText();
            image = data.resolve("images")
                    .resolve(admin.get("/vm/" + vm + "/", Map.of())
                                    .json()
                                    .path("result")
                                    .path("disks")
                                    .get(0)
                                    .path("uuid")
                                    .asText()
                            + ".qcow2");
            assertThat(Files.exists(image)).isTrue();
            Qemu.write(image, 0x5a, "0", "1M");

            PyVss vss = login(a);
            moref = vss.request("GET", "/v2/vm/" + uuid, null)
                    .path("data")
                    .path("moref")
                    .asText();
            id = PyVss.processRv(vss.raw(
                            "POST",
                            "/v2/vm/" + moref + "/snapshot",
                            "{\"description\":\"upgrade\",\"from_date\":\"" + fromText
                                    + "\",\"valid_for\":2,\"name\":\"ignored\",\"include_memory\":false}",
                            "Bearer " + vss.token()))
                    .path("data")
                    .path("request")
                    .path("id")
                    .asLong();
            JsonNode submitted = vss.getSnapshotRequest(id);
            assertThat(submitted.path("status").asText()).isEqualTo("SUBMITTED");
            assertThat(submitted.path("from_date").asText()).isEqualTo(fromText + ":00" + torontoOffset(from));
            assertThat(submitted.path("to_date").asText())
                    .isEqualTo(
                            WIRE.format(from.plus(Duration.ofHours(2)).atZone(TORONTO)) + ":00" + torontoOffset(from));

            RequestProcessor processor = a.getBean(RequestProcessor.class);
            assertThat(processor.tick(from.minusSeconds(60))).as("not due yet").isZero();
            assertThat(vss.getSnapshotRequest(id).path("status").asText()).isEqualTo("SUBMITTED");
            PyVss.VssError early = VssPyvssReplayTest.catchVss(
                    () -> vss.updateSnapshotRequest(id, Map.of("attribute", "duration", "value", 1)));
            assertThat(early.status).isEqualTo(400);
            assertThat(early.message).contains("only SCHEDULED requests can be extended");

            clock.now.set(from);
            assertThat(catchStatus(vss))
                    .as("a day later the first token has expired")
                    .isEqualTo(401);
            PyVss later = login(a);
            assertThat(processor.tick(from)).isEqualTo(1);
            JsonNode scheduled = awaitStatus(later, id, "SCHEDULED", "ERROR");
            assertThat(scheduled.path("status").asText())
                    .as(scheduled.toString())
                    .isEqualTo("SCHEDULED");
            assertThat(Qemu.tags(image)).hasSize(1);
            assertThat(later.getVmSnapshots(moref).get(0).path("name").asText()).isEqualTo("SR-" + id);

            JsonNode extended = later.extendSnapshotRequest(id, 3);
            assertThat(extended.path("extensions").asInt()).isEqualTo(1);
            assertThat(extended.path("to_date").asText())
                    .startsWith(WIRE.format(from.plus(Duration.ofHours(5)).atZone(TORONTO)));
            earlyToken = login(a).token();
        }

        // restart 1: an hour later, the request is still there and still SCHEDULED; the old token still works
        clock.now.set(from.plus(Duration.ofHours(1)));
        try (ConfigurableApplicationContext b = start(data, true)) {
            PyVss old = new PyVss(endpoint(b)).withToken(earlyToken);
            assertThat(old.getSnapshotRequest(id).path("status").asText()).isEqualTo("SCHEDULED");
            PyVss vss = login(b);
            vss.extendSnapshotRequest(id, 1);
            JsonNode third = vss.extendSnapshotRequest(id, 1);
            assertThat(third.path("extensions").asInt()).isEqualTo(3);
            assertThat(third.path("to_date").asText())
                    .startsWith(WIRE.format(from.plus(Duration.ofHours(7)).atZone(TORONTO)));
            PyVss.VssError fourth = VssPyvssReplayTest.catchVss(() -> vss.extendSnapshotRequest(id, 1));
            assertThat(fourth.status).isEqualTo(400);
            assertThat(fourth.error).isEqualTo("Bad Request");
            assertThat(fourth.message).contains("extended 3 times");

            // the original to_date (from + 2 h) and the first extension's (+5 h) pass: nothing happens
            clock.now.set(from.plus(Duration.ofHours(5)));
            assertThat(b.getBean(RequestProcessor.class).tick(from.plus(Duration.ofHours(5))))
                    .isZero();
            assertThat(vss.getSnapshotRequest(id).path("status").asText()).isEqualTo("SCHEDULED");
            assertThat(Qemu.tags(image)).hasSize(1);
        }

        // restart 2: the service was down when the request expired; the first tick after start deletes it
        clock.now.set(from.plus(Duration.ofHours(7)).plus(Duration.ofMinutes(10)));
        try (ConfigurableApplicationContext c = start(data, true)) {
            PyVss vss = login(c);
            JsonNode done = awaitStatus(vss, id, "PROCESSED", "ERROR");
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("PROCESSED");
            assertThat(done.path("message").path("warnings").get(1).asText())
                    .isEqualTo("Snapshot SR-" + id
                            + " deleted at "
                            + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                                    .withZone(ZoneOffset.UTC)
                                    .format(clock.instant()));
            assertThat(done.path("snap_id").isNull()).isTrue();
            assertThat(vss.getVmSnapshots(moref)).isEmpty();
            assertThat(Qemu.tags(image)).isEmpty();
            assertThat(Qemu.reads(image, 0x5a, "0", "1M"))
                    .as("the disk's data is untouched")
                    .isTrue();
            Qemu.check(image);
        }
    }
}

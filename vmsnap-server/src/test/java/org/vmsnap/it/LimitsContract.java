package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vmsnap.scheduler.SnapshotScheduler;

/**
 * Danube §7.2 limits through the real API: per-VM quotas ({@code PUT /vm/<h>/define/}), per-DC settings
 * ({@code PUT /dc/<dc>/settings/}), and what a refused create leaves behind (nothing: no row, no image snapshot,
 * no task; a refused scheduled snapshot is a FAILURE line in the task log).
 */
abstract class LimitsContract extends IntegrationTest {
    private static final long MIB = 1024 * 1024;
    private static final String SETTINGS = "/dc/main/settings/";
    private static final String DEFINE_LIMIT = "VMS_VM_SNAPSHOT_DEFINE_LIMIT";
    private static final String LIMIT_AUTO = "VMS_VM_SNAPSHOT_LIMIT_AUTO";
    private static final String DC_SIZE = "VMS_VM_SNAPSHOT_DC_SIZE_LIMIT";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    @Autowired
    SnapshotScheduler scheduler;

    /** The DC is shared by every test of this server: leave its settings unset. */
    @AfterEach
    void clearDcSettings() {
        admin().put(SETTINGS, nulls(DEFINE_LIMIT, LIMIT_AUTO, DC_SIZE)).expect(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> nulls(String... keys) {
        Map<String, Object> m = new HashMap<>();
        for (String k : keys) {
            m.put(k, null);
        }
        return m;
    }

    private static Map<String, Object> one(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put(key, value);
        return m;
    }

    private static void expectDetail(DanubeClient.Answer answer, int status, String detail) {
        answer.expect(status);
        assertThat(answer.json()).isEqualTo(JSON.createObjectNode().put("detail", detail));
    }

    /** A 400 FAILURE envelope under a dummy task id; returns its result. */
    private static JsonNode failure(DanubeClient.Answer answer) {
        answer.expect(400);
        JsonNode body = answer.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("task_id", "status", "result");
        assertThat(body.path("status").asText()).isEqualTo("FAILURE");
        assertThat(body.path("task_id").asText())
                .matches("\\d+d\\d+d\\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
        return body.path("result");
    }

    private static JsonNode success(DanubeClient.Answer answer) {
        answer.expect(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("SUCCESS");
        return answer.json().path("result");
    }

    private JsonNode define(String vm) {
        return success(admin().get("/vm/" + vm + "/define/", Map.of()));
    }

    private JsonNode putDefine(String vm, Map<String, ?> body) {
        return success(admin().put("/vm/" + vm + "/define/", body));
    }

    private JsonNode putSettings(Map<String, ?> body) {
        return success(admin().put(SETTINGS, body));
    }

    private DanubeClient.Answer create(String vm, String name) {
        return admin().post("/vm/" + vm + "/snapshot/" + name + "/", Map.of());
    }

    private void created(String vm, String name) {
        admin().stream("POST", "/vm/" + vm + "/snapshot/" + name + "/", Map.of())
                .expectFinal(200);
    }

    private List<String> snapshots(String vm) {
        return names(admin().get("/vm/" + vm + "/snapshot/", Map.of()));
    }

    /** The image's own snapshot table (the truth) and a sync that finds nothing lost or new. */
    private void imageHolds(String vm, int count) {
        assertThat(Qemu.tags(image(vm, 1))).hasSize(count);
        var synced = admin().stream("PUT", "/vm/" + vm + "/snapshot/", Map.of());
        synced.expectFinal(200);
        assertThat(synced.finalJson().path("result").path("message").asText())
                .isEqualTo("Snapshots successfully synced");
    }

    /** Sum of {@code size} over snapshots the size limits count (Danube: not pending, not lost, size known). */
    private long sizedBytes(String vm) {
        long total = 0;
        for (JsonNode s : success(admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true")))) {
            int status = s.path("status").asInt();
            if (status != 2 && status != 4 && s.path("size").isNumber()) {
                total += s.path("size").asLong();
            }
        }
        return total;
    }

    private long dcSizedBytes() {
        long total = 0;
        for (String vm : names(admin().get("/vm/", Map.of()))) {
            total += sizedBytes(vm);
        }
        return total;
    }

    /** A snapshot s1 that alone holds about 2 MiB: written before it, overwritten after it, sizes re-read. */
    private void snapshotHoldingData(String vm) {
        Path image = image(vm, 1);
        Qemu.write(image, 0x11, "0", "2M");
        created(vm, "s1");
        Qemu.write(image, 0x22, "0", "2M");
        admin().stream("PUT", "/vm/" + vm + "/snapshot/", Map.of()).expectFinal(200);
        assertThat(sizedBytes(vm)).isGreaterThanOrEqualTo(2 * MIB);
    }

    /** Polls (each poll a real request, bounded in number) until the snapshot is ok. */
    private void awaitOk(String vm, String name) {
        for (int i = 0; i < 500; i++) {
            for (JsonNode s : success(admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true")))) {
                if (s.path("name").asText().equals(name) && s.path("status").asInt() == 1) {
                    return;
                }
            }
        }
        throw new AssertionError(name + " never became ok");
    }

    private List<JsonNode> logOf(String vm) {
        List<JsonNode> entries = new ArrayList<>();
        admin().get("/task/log/", Map.of("page", "1", "object_name", vm))
                .expect(200)
                .json()
                .path("results")
                .forEach(entries::add);
        return entries;
    }

    /** Fires a definition's next tick and returns the snapshot name it tried. */
    private String fire(String vm, String definition) {
        Instant at = nextRun(vm, definition);
        scheduler.tick(at);
        return definition + "-" + STAMP.format(at);
    }

    private void expectRefusedTickLogged(String vm, String snapname, String error) {
        assertThat(logOf(vm)).as("task log of %s", vm).anySatisfy(e -> {
            assertThat(e.path("status").asText()).isEqualTo("FAILURE");
            assertThat(e.path("msg").asText()).isEqualTo("Create snapshot of server's disk");
            assertThat(e.path("detail").asText())
                    .isEqualTo("snapname=" + snapname + ", disk_id=1, type=1. Error: " + error);
            assertThat(e.path("object_type").asText()).isEqualTo("vm");
            assertThat(e.path("task").asText()).startsWith("7");
        });
    }

    // ---- per-VM limits on the VM definition --------------------------------------------------------------------

    @Test
    void vmLimitsAreShownAndChangedOnTheDefinition() {
        String vm = deployVm("admin", 16);
        JsonNode fresh = define(vm);
        for (String field : List.of(
                "snapshot_limit_manual", "snapshot_limit_auto", "snapshot_size_limit", "snapshot_size_percent_limit")) {
            assertThat(fresh.has(field)).as(field).isTrue();
            assertThat(fresh.path(field).isNull()).as(field).isTrue();
        }
        assertThat(fresh.path("hostname").asText()).isEqualTo(vm);

        JsonNode set = putDefine(vm, Map.of("snapshot_limit_manual", "3", "snapshot_size_limit", 100));
        assertThat(set.path("snapshot_limit_manual").isIntegralNumber()).isTrue();
        assertThat(set.path("snapshot_limit_manual").asLong()).isEqualTo(3);
        assertThat(set.path("snapshot_size_limit").asLong()).isEqualTo(100);
        assertThat(set.path("snapshot_limit_auto").isNull()).isTrue();
        assertThat(define(vm)).isEqualTo(set);

        JsonNode partial = putDefine(vm, Map.of("snapshot_limit_auto", "2", "snapshot_size_percent_limit", "150"));
        assertThat(partial.path("snapshot_limit_manual").asLong())
                .as("absent keys stay")
                .isEqualTo(3);
        assertThat(partial.path("snapshot_limit_auto").asLong()).isEqualTo(2);
        assertThat(partial.path("snapshot_size_percent_limit").asLong()).isEqualTo(150);

        JsonNode cleared = putDefine(vm, Map.of("snapshot_size_limit", "", "snapshot_limit_auto", "2"));
        assertThat(cleared.path("snapshot_size_limit").isNull())
                .as("empty clears")
                .isTrue();
        cleared = putDefine(vm, one("snapshot_limit_manual", null));
        assertThat(cleared.path("snapshot_limit_manual").isNull())
                .as("null clears")
                .isTrue();
        assertThat(cleared.path("snapshot_limit_auto").asLong()).isEqualTo(2);

        assertThat(logOf(vm)).anySatisfy(e -> {
            assertThat(e.path("msg").asText()).isEqualTo("Update server definition");
            assertThat(e.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(e.path("detail").asText()).contains("snapshot_limit_auto=2");
        });
    }

    @Test
    void badVmLimitsAnswerWithFieldErrorsAndChangeNothing() {
        String vm = deployVm("admin", 16);
        JsonNode before = putDefine(vm, Map.of("snapshot_limit_manual", "3", "snapshot_size_limit", "100"));
        Object[][] cases = {
            {"snapshot_limit_manual", "abc", "Enter a whole number."},
            {"snapshot_limit_manual", "-1", "Ensure this value is greater than or equal to 0."},
            {"snapshot_limit_manual", "65537", "Ensure this value is less than or equal to 65536."},
            {"snapshot_limit_auto", "1.5", "Enter a whole number."},
            {"snapshot_limit_auto", true, "Enter a whole number."},
            {"snapshot_limit_auto", 70000, "Ensure this value is less than or equal to 65536."},
            {"snapshot_size_limit", "2147483648", "Ensure this value is less than or equal to 2147483647."},
            {"snapshot_size_limit", "99999999999999999999999", "Enter a whole number."},
            {"snapshot_size_percent_limit", "-5", "Ensure this value is greater than or equal to 0."},
            {"snapshot_size_percent_limit", List.of(1), "Enter a whole number."},
            {"snapshot_size_percent_limit", Map.of("a", 1), "Enter a whole number."},
        };
        for (Object[] c : cases) {
            JsonNode result = failure(admin().put("/vm/" + vm + "/define/", Map.of((String) c[0], c[1])));
            assertThat(result)
                    .as("%s=%s", c[0], c[1])
                    .isEqualTo(JSON.createObjectNode()
                            .set((String) c[0], JSON.createArrayNode().add((String) c[2])));
        }
        JsonNode two = failure(admin().put(
                        "/vm/" + vm + "/define/",
                        Map.of("snapshot_limit_manual", "x", "snapshot_size_limit", "-1", "snapshot_limit_auto", "4")));
        assertThat(two.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("snapshot_limit_manual", "snapshot_size_limit");
        assertThat(define(vm)).as("nothing half-saved").isEqualTo(before);
    }

    @Test
    void onlyAdminsChangeVmLimits() {
        String name = unique("owner");
        DanubeClient owner = newUser(name);
        String vm = deployVm(name, 16);
        expectDetail(
                owner.put("/vm/" + vm + "/define/", Map.of("snapshot_limit_manual", "9")), 403, "Permission denied");
        expectDetail(
                owner.put("/vm/" + unique("nosuch") + "/define/", Map.of("snapshot_limit_manual", "9")),
                403,
                "Permission denied");
        JsonNode seen = success(owner.get("/vm/" + vm + "/define/", Map.of()));
        assertThat(seen.path("snapshot_limit_manual").isNull())
                .as("the owner reads them")
                .isTrue();
        expectDetail(
                admin().put("/vm/" + unique("nosuch") + "/define/", Map.of("snapshot_limit_manual", "9")),
                404,
                "VM not found");
        expectDetail(
                client().put("/vm/" + vm + "/define/", Map.of()), 403, "Authentication credentials were not provided.");
    }

    // ---- per-DC settings ---------------------------------------------------------------------------------------

    @Test
    void superadminsShowAndChangeDcSettings() {
        JsonNode empty = json("{\"dc\": \"main\", \"VMS_VM_SNAPSHOT_DEFINE_LIMIT\": null,"
                + " \"VMS_VM_SNAPSHOT_LIMIT_AUTO\": null, \"VMS_VM_SNAPSHOT_DC_SIZE_LIMIT\": null}");
        assertThat(success(admin().get(SETTINGS, Map.of()))).isEqualTo(empty);
        assertThat(success(admin().get("/dc/main/settings", Map.of())))
                .as("no trailing slash")
                .isEqualTo(empty);

        assertThat(putSettings(Map.of(DEFINE_LIMIT, "4")))
                .isEqualTo(json("{\"dc\": \"main\", \"VMS_VM_SNAPSHOT_DEFINE_LIMIT\": 4,"
                        + " \"VMS_VM_SNAPSHOT_LIMIT_AUTO\": null, \"VMS_VM_SNAPSHOT_DC_SIZE_LIMIT\": null}"));
        assertThat(putSettings(Map.of(LIMIT_AUTO, 10, DC_SIZE, "2048", "VMS_UNKNOWN_SETTING", "x")))
                .isEqualTo(json("{\"dc\": \"main\", \"VMS_VM_SNAPSHOT_DEFINE_LIMIT\": 4,"
                        + " \"VMS_VM_SNAPSHOT_LIMIT_AUTO\": 10, \"VMS_VM_SNAPSHOT_DC_SIZE_LIMIT\": 2048}"));
        assertThat(success(admin().get(SETTINGS, Map.of())).path(DC_SIZE).asLong())
                .isEqualTo(2048);
        assertThat(putSettings(one(DEFINE_LIMIT, null)).path(DEFINE_LIMIT).isNull())
                .isTrue();

        List<JsonNode> log = new ArrayList<>();
        admin().get("/task/log/", Map.of("page", "1", "object_type", "dc"))
                .expect(200)
                .json()
                .path("results")
                .forEach(log::add);
        assertThat(log).anySatisfy(e -> {
            assertThat(e.path("msg").asText()).isEqualTo("Update datacenter settings");
            assertThat(e.path("object_name").asText()).isEqualTo("main");
            assertThat(e.path("detail").asText()).contains("VMS_VM_SNAPSHOT_DC_SIZE_LIMIT=2048");
        });
    }

    @Test
    void badDcSettingsAnswerWithFieldErrorsAndChangeNothing() {
        JsonNode before = putSettings(Map.of(DEFINE_LIMIT, "7", LIMIT_AUTO, "9", DC_SIZE, "1000"));
        Object[][] cases = {
            {DEFINE_LIMIT, "seven", "Enter a whole number."},
            {DEFINE_LIMIT, "-1", "Ensure this value is greater than or equal to 0."},
            {DEFINE_LIMIT, "2147483648", "Ensure this value is less than or equal to 2147483647."},
            {LIMIT_AUTO, "0", "Ensure this value is greater than or equal to 1."},
            {LIMIT_AUTO, "-3", "Ensure this value is greater than or equal to 1."},
            {LIMIT_AUTO, Map.of("a", 1), "Enter a whole number."},
            {DC_SIZE, "1e3", "Enter a whole number."},
            {DC_SIZE, false, "Enter a whole number."},
            {DC_SIZE, 1.5, "Enter a whole number."},
            {DC_SIZE, "-10", "Ensure this value is greater than or equal to 0."},
            {DC_SIZE, "9999999999", "Ensure this value is less than or equal to 2147483647."},
        };
        for (Object[] c : cases) {
            JsonNode result = failure(admin().put(SETTINGS, Map.of((String) c[0], c[1])));
            assertThat(result)
                    .as("%s=%s", c[0], c[1])
                    .isEqualTo(JSON.createObjectNode()
                            .set((String) c[0], JSON.createArrayNode().add((String) c[2])));
        }
        JsonNode two = failure(admin().put(SETTINGS, Map.of(DEFINE_LIMIT, "1", LIMIT_AUTO, "0", DC_SIZE, "x")));
        assertThat(two.fieldNames()).toIterable().containsExactlyInAnyOrder(LIMIT_AUTO, DC_SIZE);
        assertThat(success(admin().get(SETTINGS, Map.of())))
                .as("nothing half-saved")
                .isEqualTo(before);
    }

    @Test
    void onlySuperadminsSeeOrChangeDcSettings() {
        String dcAdmin = unique("dcadmin");
        admin().post(
                        "/accounts/user/" + dcAdmin + "/",
                        Map.of("password", "pw-" + dcAdmin, "api_access", "true", "is_admin", "true"))
                .expect(201);
        DanubeClient asDcAdmin = client().login(dcAdmin, "pw-" + dcAdmin);
        DanubeClient user = newUser(unique("user"));
        for (DanubeClient who : List.of(asDcAdmin, user)) {
            expectDetail(who.get(SETTINGS, Map.of()), 403, "Permission denied");
            expectDetail(who.put(SETTINGS, Map.of(DC_SIZE, "1")), 403, "Permission denied");
            expectDetail(who.get("/dc/nosuchdc/settings/", Map.of()), 403, "Permission denied");
        }
        expectDetail(client().get(SETTINGS, Map.of()), 403, "Authentication credentials were not provided.");
        expectDetail(admin().get("/dc/nosuchdc/settings/", Map.of()), 404, "Datacenter not found");
        expectDetail(admin().put("/dc/nosuchdc/settings/", Map.of(DC_SIZE, "1")), 404, "Datacenter not found");
        assertThat(success(admin().get(SETTINGS, Map.of())).path(DC_SIZE).isNull())
                .as("refused writes changed nothing")
                .isTrue();
    }

    // ---- enforcement on create --------------------------------------------------------------------------------

    @Test
    void manualCountLimitRefusesBeforeAnyWork() {
        String vm = deployVm("admin", 16);
        putDefine(vm, Map.of("snapshot_limit_manual", "1"));
        created(vm, "s1");
        expectDetail(create(vm, "s2"), 417, "VM snapshot limit reached");
        assertThat(snapshots(vm)).containsExactly("s1");
        assertThat(logOf(vm))
                .noneSatisfy(e -> assertThat(e.path("detail").asText()).contains("'s2'"));
        imageHolds(vm, 1);
        assertThat(snapshots(vm)).containsExactly("s1");

        putDefine(vm, Map.of("snapshot_limit_manual", "2"));
        created(vm, "s2");
        expectDetail(create(vm, "s3"), 417, "VM snapshot limit reached");
        putDefine(vm, Map.of("snapshot_limit_manual", "0"));
        expectDetail(create(vm, "s3"), 417, "VM snapshot limit reached");
        putDefine(vm, one("snapshot_limit_manual", null));
        created(vm, "s3");
        assertThat(snapshots(vm)).containsExactlyInAnyOrder("s1", "s2", "s3");
    }

    @Test
    void concurrentCreatesNeverPassTheCountLimitTogether() throws Exception {
        String vm = deployVm("admin", 16);
        putDefine(vm, Map.of("snapshot_limit_manual", "2"));
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "c" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return create(vm, name).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(201, 417);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
        List<String> made = snapshots(vm);
        assertThat(made).hasSize(2);
        made.forEach(name -> awaitOk(vm, name));
        imageHolds(vm, 2);
    }

    @Test
    void scheduledSnapshotRefusedByTheAutoLimitIsLogged() {
        String vm = deployVm("admin", 16);
        putDefine(vm, Map.of("snapshot_limit_auto", "0"));
        admin().post("/vm/" + vm + "/define/snapshot/often/", Map.of("schedule", "*/5 * * * *", "retention", "3"))
                .expect(201);
        String tried = fire(vm, "often");
        assertThat(snapshots(vm)).isEmpty();
        expectRefusedTickLogged(vm, tried, "VM snapshot limit reached");
        imageHolds(vm, 0);
        assertThat(snapshots(vm)).isEmpty();

        created(vm, "manual1"); // the automatic limit does not count manual snapshots
        putDefine(vm, Map.of("snapshot_limit_auto", "1"));
        String fired = fire(vm, "often");
        awaitOk(vm, fired);
        assertThat(snapshots(vm)).contains(fired, "manual1");
    }

    @Test
    void vmSizeQuotaInMbOrPercentRefusesOnceReached() {
        String vm = deployVm("admin", 16);
        snapshotHoldingData(vm);
        long total = sizedBytes(vm);

        putDefine(vm, Map.of("snapshot_size_limit", total / MIB));
        expectDetail(create(vm, "s2"), 417, "VM snapshot size limit reached");
        assertThat(snapshots(vm)).containsExactly("s1");
        imageHolds(vm, 1);
        putDefine(vm, Map.of("snapshot_size_limit", total / MIB + 1));
        created(vm, "s2");

        total = sizedBytes(vm);
        long disk = 16 * MIB;
        long percent = total * 100 / disk;
        Map<String, Object> byPercent = one("snapshot_size_limit", null);
        byPercent.put("snapshot_size_percent_limit", percent);
        putDefine(vm, byPercent);
        expectDetail(create(vm, "s3"), 417, "VM snapshot size limit reached");
        assertThat(snapshots(vm)).containsExactlyInAnyOrder("s1", "s2");
        putDefine(vm, Map.of("snapshot_size_limit", total / MIB + 1));
        created(vm, "s3"); // the MB limit, when set, takes precedence over the percentage
        total = sizedBytes(vm);
        Map<String, Object> higher = one("snapshot_size_limit", null);
        higher.put("snapshot_size_percent_limit", total * 100 / disk + 1);
        putDefine(vm, higher);
        created(vm, "s4");
        imageHolds(vm, 4);
    }

    @Test
    void dcSizeLimitRefusesManualAndScheduledSnapshots() {
        String vm = deployVm("admin", 16);
        putSettings(Map.of(DC_SIZE, "0"));
        expectDetail(create(vm, "s1"), 417, "DC snapshot size limit reached");
        admin().post("/vm/" + vm + "/define/snapshot/often/", Map.of("schedule", "*/5 * * * *", "retention", "3"))
                .expect(201);
        expectRefusedTickLogged(vm, fire(vm, "often"), "DC snapshot size limit reached");
        assertThat(snapshots(vm)).isEmpty();
        imageHolds(vm, 0);

        putSettings(one(DC_SIZE, null));
        snapshotHoldingData(vm);
        long dc = dcSizedBytes();
        putSettings(Map.of(DC_SIZE, dc / MIB));
        expectDetail(create(vm, "s2"), 417, "DC snapshot size limit reached");
        assertThat(snapshots(vm)).containsExactly("s1");
        putSettings(Map.of(DC_SIZE, dc / MIB + 1));
        created(vm, "s2");
        imageHolds(vm, 2);
    }

    // ---- definitions ------------------------------------------------------------------------------------------

    @Test
    void defineLimitCountsTheVmsDefinitionsOnAllDisks() {
        String vm = deployVm("admin", 16, 16);
        String defs = "/vm/" + vm + "/define/snapshot/";
        putSettings(Map.of(DEFINE_LIMIT, "2"));
        admin().post(defs + "a/", Map.of("schedule", "1 1 * * *", "retention", "1"))
                .expect(201);
        admin().post(defs + "b/", Map.of("disk_id", "2", "schedule", "1 1 * * *", "retention", "1"))
                .expect(201);
        assertThat(failure(admin().post(defs + "c/", Map.of("schedule", "1 1 * * *", "retention", "1"))))
                .isEqualTo(json("{\"non_field_errors\": [\"Maximum number of snapshot definitions reached.\"]}"));
        assertThat(failure(admin().post(defs + "c/", Map.of("schedule", "1 1 * * *", "retention", "x"))))
                .as("field errors first")
                .isEqualTo(json("{\"retention\": [\"Enter a whole number.\"]}"));
        expectDetail(
                admin().post(defs + "a/", Map.of("schedule", "1 1 * * *", "retention", "1")),
                406,
                "Snapshot definition already exists");
        assertThat(names(admin().get(defs, Map.of()))).containsExactlyInAnyOrder("a", "b");

        String other = deployVm("admin", 16);
        admin().post("/vm/" + other + "/define/snapshot/a/", Map.of("schedule", "1 1 * * *", "retention", "1"))
                .expect(201);
        putSettings(Map.of(DEFINE_LIMIT, "0"));
        String third = deployVm("admin", 16);
        assertThat(failure(admin().post(
                                        "/vm/" + third + "/define/snapshot/a/",
                                        Map.of("schedule", "1 1 * * *", "retention", "1")))
                        .path("non_field_errors")
                        .get(0)
                        .asText())
                .isEqualTo("Maximum number of snapshot definitions reached.");
        assertThat(names(admin().get("/vm/" + third + "/define/snapshot/", Map.of())))
                .isEmpty();
        putSettings(one(DEFINE_LIMIT, null));
        admin().post(defs + "c/", Map.of("schedule", "1 1 * * *", "retention", "1"))
                .expect(201);
    }

    @Test
    void retentionIsBoundByTheAutoLimitSetting() {
        String vm = deployVm("admin", 16);
        String defs = "/vm/" + vm + "/define/snapshot/";
        putSettings(Map.of(LIMIT_AUTO, "5"));
        assertThat(failure(admin().post(defs + "d/", Map.of("schedule", "1 1 * * *", "retention", "6"))))
                .isEqualTo(json("{\"retention\": [\"Ensure this value is less than or equal to 5.\"]}"));
        assertThat(failure(admin().post(defs + "d/", Map.of("schedule", "1 1 * * *", "retention", "0"))))
                .isEqualTo(json("{\"retention\": [\"Ensure this value is greater than or equal to 1.\"]}"));
        assertThat(failure(admin().post(defs + "hourly/", Map.of())))
                .as("the preset's default retention (24) is checked too")
                .isEqualTo(json("{\"retention\": [\"Ensure this value is less than or equal to 5.\"]}"));
        assertThat(names(admin().get(defs, Map.of()))).isEmpty();
        admin().post(defs + "d/", Map.of("schedule", "1 1 * * *", "retention", "5"))
                .expect(201);
        assertThat(failure(admin().put(defs + "d/", Map.of("retention", "7"))))
                .isEqualTo(json("{\"retention\": [\"Ensure this value is less than or equal to 5.\"]}"));
        assertThat(success(admin().get(defs + "d/", Map.of())).path("retention").asInt())
                .isEqualTo(5);
        assertThat(success(admin().put(defs + "d/", Map.of("retention", "2")))
                        .path("retention")
                        .asInt())
                .isEqualTo(2);

        putSettings(one(LIMIT_AUTO, null));
        assertThat(success(admin().put(defs + "d/", Map.of("retention", "0")))
                        .path("retention")
                        .asInt())
                .isZero();
        assertThat(failure(admin().put(defs + "d/", Map.of("retention", "65537"))))
                .isEqualTo(json("{\"retention\": [\"Ensure this value is less than or equal to 65536.\"]}"));
    }
}

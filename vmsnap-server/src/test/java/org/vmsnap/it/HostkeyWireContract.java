package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.VmState;

/** The HOSTKEY InvAPI front door (api/other.md §B) end to end, on real qcow2 images; run on each database. */
abstract class HostkeyWireContract extends IntegrationTest {
    @Autowired
    InventoryService inventory;

    private HostkeyClient hk;
    private String user;
    private String hostname;
    private String key;
    private String token;
    private String id;

    @BeforeEach
    void userWithOneVm() {
        hk = new HostkeyClient("http://127.0.0.1:" + port);
        user = unique("hk");
        newUser(user);
        hostname = deployVm(user, 64);
        key = apiKey(user);
        token = hk.login(key);
        JsonNode servers =
                hk.post("auth.php", "action", "info", "token", token).ok().path("servers");
        assertThat(servers).hasSize(1);
        id = servers.get(0).asText();
    }

    private String apiKey(String username) {
        return admin().post("/accounts/user/" + username + "/invapi-key/", Map.of())
                .expect(201)
                .json()
                .path("result")
                .path("key")
                .asText();
    }

    private JsonNode create(String name) {
        return hk.done(token, "create_snapshot", "id", id, "name", name);
    }

    private JsonNode list() {
        return hk.post("vm.php", "action", "get_snapshot", "token", token, "id", id)
                .ok();
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        list().path("snapshots").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private void power(VmState from, VmState to) {
        assertThat(inventory.transition(Long.parseLong(id), EnumSet.of(from), to))
                .isTrue();
    }

    @Test
    void loginIssuesATokenWithTheTtlAskedForAndLogoutEndsIt() {
        long before = TestClock.now().getEpochSecond();
        JsonNode login =
                hk.post("auth.php", "action", "login", "key", key, "ttl", "120").okLogin();
        assertThat(login.path("module").asText()).isEqualTo("auth");
        assertThat(login.path("action").asText()).isEqualTo("login");
        assertThat(login.path("token").asText()).matches("[0-9a-f]{32}");
        assertThat(login.path("token_expire").asLong()).isBetween(before + 119, before + 122);
        assertThat(login.path("servers").get(0).asText()).isEqualTo(id);
        String t = login.path("token").asText();

        // Query string and GET work as well as a POST body; both sessions live side by side.
        JsonNode info = hk.send("GET", "auth.php", "action=info&token=" + t, "").ok();
        assertThat(info.path("user").path("username").asText()).isEqualTo(user);
        hk.post("auth.php", "action", "info", "token", token).ok();

        hk.post("auth.php", "action", "logout", "token", t).ok();
        assertThat(hk.post("auth.php", "action", "info", "token", t).error(401)).isEqualTo("invalid token");
        assertThat(hk.post("vm.php", "action", "get_snapshot", "token", t, "id", id)
                        .error(401))
                .isEqualTo("invalid token");
        hk.post("auth.php", "action", "info", "token", token).ok();
    }

    @Test
    void anExpiredTokenAnswers401() {
        String t = hk.post("auth.php", "action", "login", "key", key, "ttl", "1")
                .okLogin()
                .path("token")
                .asText();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        HostkeyClient.Answer answer;
        do {
            HostkeyClient.pause();
            answer = hk.post("vm.php", "action", "get_snapshot", "token", t, "id", id);
        } while (answer.status() == 200 && java.time.Instant.now().isBefore(deadline));
        assertThat(answer.error(401)).isEqualTo("token expired");
    }

    @Test
    void createAndListWithFormBodiesOnPostAndGetIgnoringUnknownParameters() {
        JsonNode started = hk.post(
                        "vm.php",
                        "action",
                        "create_snapshot",
                        "token",
                        token,
                        "id",
                        id,
                        "name",
                        "before-upgrade_1.0",
                        "type",
                        "snapshot",
                        "num_rotation",
                        "whatever",
                        "colour",
                        "blue")
                .ok();
        assertThat(started.path("module").asText()).isEqualTo("vm");
        assertThat(started.path("action").asText()).isEqualTo("create_snapshot");
        String callback = started.path("callback").asText();
        assertThat(callback).matches("[a-z0-9]{32}");
        JsonNode check = hk.await(callback);
        assertThat(check.path("result").asText()).isEqualTo("OK");
        assertThat(check.path("key").asText()).isEqualTo(callback);
        assertThat(check.path("context").path("action").asText()).isEqualTo("create_snapshot");
        assertThat(check.path("context").path("status").asText()).isEqualTo("done");
        assertThat(check.path("debug").asText()).isEqualTo("Snapshot successfully created");

        // GET with a form body, and the action in the query string with the rest in the body.
        JsonNode got = hk.getWithBody("vm.php", "action", "get_snapshot", "token", token, "id", id, "x", "y")
                .ok();
        JsonNode viaQuery = hk.send(
                        "POST", "vm.php", "action=get_snapshot", HostkeyClient.form("token", token, "id", id))
                .ok();
        assertThat(viaQuery.path("snapshots")).isEqualTo(got.path("snapshots"));
        JsonNode snap = got.path("snapshots").get(0);
        assertThat(snap.path("name").asText()).isEqualTo("before-upgrade_1.0");
        assertThat(snap.path("openstack_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(snap.path("type").asText()).isEqualTo("snapshot");
        assertThat(snap.path("status").asText()).isEqualTo("active");
        assertThat(snap.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(snap.path("size").isNumber()).isTrue();
        assertThat(snap.path("rotation_excluded").asBoolean()).isFalse();
        JsonNode settings = got.path("settings");
        assertThat(settings.path("enable_rotation").asInt()).isZero();
        assertThat(settings.path("exclude_rotation")).isEmpty();
        assertThat(settings.path("max_snapshots").asInt()).isEqualTo(4);
        assertThat(Qemu.tags(image(hostname, 1))).hasSize(1);

        assertThat(hk.post(
                                "vm.php",
                                "action",
                                "create_snapshot",
                                "token",
                                token,
                                "id",
                                id,
                                "name",
                                "before-upgrade_1.0")
                        .error(200))
                .isEqualTo("snapshot already exists");
    }

    @Test
    void theLimitRefusesAFifthSnapshotWhileRotationIsOff() {
        for (String name : List.of("a", "b", "c", "d")) {
            create(name);
        }
        assertThat(hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "e")
                        .error(200))
                .isEqualTo("snapshot limit reached (4)");
        assertThat(names()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void rotationReplacesTheOldestSnapshotThatIsNotExcluded() {
        Path image = image(hostname, 1);
        JsonNode updated = hk.post(
                        "vm.php",
                        "action",
                        "update_restore_settings",
                        "token",
                        token,
                        "id",
                        id,
                        "enable_rotation",
                        "1",
                        "exclude_rotation[]",
                        "s1",
                        "exclude_rotation[]",
                        "s2",
                        "auto_restore",
                        "ignored")
                .ok();
        assertThat(updated.path("settings").path("enable_rotation").asInt()).isEqualTo(1);
        assertThat(updated.path("settings").path("exclude_rotation").toString()).isEqualTo("[\"s1\",\"s2\"]");
        for (String name : List.of("s1", "s2", "s3", "s4")) {
            create(name);
        }
        Qemu.write(image, 0x5a, "0", "1M");
        JsonNode check = create("s5");
        assertThat(check.path("debug").asText()).isEqualTo("Snapshot successfully created");
        assertThat(names()).containsExactly("s1", "s2", "s4", "s5");
        assertThat(Qemu.tags(image)).hasSize(4);
        JsonNode snaps = list().path("snapshots");
        assertThat(snaps.get(0).path("rotation_excluded").asBoolean()).isTrue();
        assertThat(snaps.get(2).path("rotation_excluded").asBoolean()).isFalse();

        create("s6"); // s4 goes next
        assertThat(names()).containsExactly("s1", "s2", "s5", "s6");

        // Indexed PHP arrays; with every older snapshot excluded, the create is refused and nothing changes.
        hk.post(
                        "vm.php",
                        "action",
                        "update_restore_settings",
                        "token",
                        token,
                        "id",
                        id,
                        "exclude_rotation[0]",
                        "s1",
                        "exclude_rotation[1]",
                        "s2",
                        "exclude_rotation[2]",
                        "s5",
                        "exclude_rotation[3]",
                        "s6")
                .ok();
        assertThat(hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "s7")
                        .error(200))
                .isEqualTo("snapshot limit reached (4): every older snapshot is excluded from rotation");
        assertThat(names()).containsExactly("s1", "s2", "s5", "s6");
        assertThat(Qemu.tags(image)).hasSize(4);
        assertThat(list().path("settings").path("enable_rotation").asInt()).isEqualTo(1);

        // Clearing the exclusions (one empty value) lets rotation pick the oldest again; turning it off refuses.
        hk.post("vm.php", "action", "update_restore_settings", "token", token, "id", id, "exclude_rotation[]", "")
                .ok();
        create("s7");
        assertThat(names()).containsExactly("s2", "s5", "s6", "s7");
        hk.post("vm.php", "action", "update_restore_settings", "token", token, "id", id, "enable_rotation", "0")
                .ok();
        assertThat(hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "s8")
                        .error(200))
                .isEqualTo("snapshot limit reached (4)");
        Qemu.check(image);
    }

    /** Sends the creates at once; returns how many started (and finished well) and how many were refused. */
    private int[] createConcurrently(List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<Future<HostkeyClient.Answer>> answers = new ArrayList<>();
            for (String name : names) {
                answers.add(pool.submit(
                        () -> hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", name)));
            }
            int started = 0;
            int refused = 0;
            for (Future<HostkeyClient.Answer> f : answers) {
                HostkeyClient.Answer answer = f.get();
                if (answer.json().path("result").asText().equals("OK")) {
                    JsonNode check = hk.await(answer.json().path("callback").asText());
                    assertThat(check.path("context").path("status").asText()).isEqualTo("done");
                    started++;
                } else {
                    assertThat(answer.error(200)).isEqualTo("snapshot limit reached (4)");
                    refused++;
                }
            }
            return new int[] {started, refused};
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCreatesNeverPassTheLimit() throws Exception {
        create("a");
        create("b");
        assertThat(createConcurrently(List.of("c1", "c2", "c3", "c4"))).containsExactly(2, 2);
        assertThat(names()).hasSize(4).startsWith("a", "b");
        assertThat(Qemu.tags(image(hostname, 1))).hasSize(4);
    }

    @Test
    void concurrentCreatesWithRotationEachReplaceADifferentSnapshot() throws Exception {
        for (String name : List.of("a", "b", "c", "d")) {
            create(name);
        }
        hk.post("vm.php", "action", "update_restore_settings", "token", token, "id", id, "enable_rotation", "1")
                .ok();
        assertThat(createConcurrently(List.of("n1", "n2", "n3", "n4"))).containsExactly(4, 0);
        assertThat(names()).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
        Path image = image(hostname, 1);
        assertThat(Qemu.tags(image)).hasSize(4);
        Qemu.check(image);
    }

    @Test
    void restoreGivesTheOldDataBackAndDeletesNewerSnapshots() {
        Path image = image(hostname, 1);
        Qemu.write(image, 0xaa, "0", "1M");
        create("first");
        Qemu.write(image, 0xbb, "0", "1M");
        create("second");
        Qemu.write(image, 0xcc, "0", "1M");
        create("third");

        power(VmState.STOPPED, VmState.RUNNING);
        assertThat(hk.post("vm.php", "action", "restore_snapshot", "token", token, "id", id, "name", "second")
                        .error(200))
                .isEqualTo("server must be powered off");
        assertThat(hk.post("vm.php", "action", "remove_snapshot", "token", token, "id", id, "name", "third")
                        .error(200))
                .isEqualTo("server must be powered off");
        power(VmState.RUNNING, VmState.STOPPED);

        JsonNode check = hk.done(token, "restore_snapshot", "id", id, "name", "second");
        assertThat(check.path("context").path("action").asText()).isEqualTo("restore_snapshot");
        assertThat(Qemu.reads(image, 0xbb, "0", "1M")).isTrue();
        assertThat(names()).containsExactly("first", "second");
        assertThat(Qemu.tags(image)).hasSize(2);

        String firstUuid = list().path("snapshots").get(0).path("openstack_id").asText();
        hk.done(token, "restore_snapshot", "id", id, "openstack_id", firstUuid);
        assertThat(Qemu.reads(image, 0xaa, "0", "1M")).isTrue();
        assertThat(names()).containsExactly("first");
        Qemu.check(image);
    }

    @Test
    void removeByNameOrOpenstackId() {
        create("one");
        create("two");
        String twoUuid = list().path("snapshots").get(1).path("openstack_id").asText();
        JsonNode check = hk.done(token, "remove_snapshot", "id", id, "openstack_id", twoUuid);
        assertThat(check.path("context").path("action").asText()).isEqualTo("remove_snapshot");
        assertThat(names()).containsExactly("one");
        assertThat(hk.post(
                                "vm.php",
                                "action",
                                "remove_snapshot",
                                "token",
                                token,
                                "id",
                                id,
                                "name",
                                "one",
                                "openstack_id",
                                twoUuid)
                        .error(200))
                .isEqualTo("snapshot not found");
        hk.done(token, "remove_snapshot", "id", id, "name", "one");
        assertThat(names()).isEmpty();
        assertThat(Qemu.tags(image(hostname, 1))).isEmpty();
    }

    @Test
    void loadStatsReportsTheRealDiskAndSnapshotBytes() {
        Path image = image(hostname, 1);
        Qemu.write(image, 0x11, "0", "4M");
        create("base");
        Qemu.write(image, 0x22, "0", "4M");
        JsonNode check = hk.done(token, "load_stats", "id", id);
        JsonNode context = check.path("context");
        assertThat(context.path("action").asText()).isEqualTo("load_stats");
        JsonNode stats = context.path("stats");
        assertThat(stats.path("state").asText()).isEqualTo("stopped");
        assertThat(stats.path("disk_bytes").asLong()).isEqualTo(64L * 1024 * 1024);
        // The snapshot alone holds the 4 MiB the disk overwrote since.
        long snapshotBytes = stats.path("snapshot_bytes").asLong();
        assertThat(snapshotBytes).isGreaterThanOrEqualTo(4L * 1024 * 1024);
        assertThat(list().path("snapshots").get(0).path("size").asLong()).isEqualTo(snapshotBytes);
        assertThat(stats.path("disks").get(0).path("snapshots").asInt()).isEqualTo(1);
        assertThat(stats.path("runtime").isNull()).isTrue();
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    /** Callback keys are credentials: the task table holds their digest, and the key still finds its task. */
    @Test
    void callbackKeysAreKeptOnlyAsTheirDigest() throws Exception {
        String callback = hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "kept")
                .ok()
                .path("callback")
                .asText();
        assertThat(hk.await(callback).path("key").asText()).isEqualTo(callback);
        List<String> stored =
                jdbc.sql("SELECT callback_key FROM task").query(String.class).list();
        String digest = org.vmsnap.shared.Digests.sha256Hex(callback);
        assertThat(stored).contains(digest).doesNotContain(callback);
        // the migration that turned the existing keys into digests computes the same digest on this database
        boolean h2;
        try (var connection = dataSource.getConnection()) {
            h2 = connection.getMetaData().getDatabaseProductName().equals("H2");
        }
        String sql = h2
                ? "SELECT LOWER(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8(?))))"
                : "SELECT encode(sha256(convert_to(?, 'UTF8')), 'hex')";
        assertThat(jdbc.sql(sql).param(callback).query(String.class).single()).isEqualTo(digest);
    }

    @Test
    void aFailedTaskReadsAsErrorOnTheCallback() throws Exception {
        java.nio.file.Files.delete(image(hostname, 1));
        String callback = hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "doomed")
                .ok()
                .path("callback")
                .asText();
        JsonNode check = hk.await(callback);
        assertThat(check.path("result").asText()).isEqualTo("Error");
        assertThat(check.path("context").path("status").asText()).isEqualTo("error");
        assertThat(check.path("context").path("action").asText()).isEqualTo("create_snapshot");
        assertThat(check.path("debug").asText()).isNotBlank();
        assertThat(names()).isEmpty();
    }

    @Test
    void anotherUsersVmAnswersLikeAMissingOne() {
        String other = unique("hk");
        newUser(other);
        deployVm(other, 16);
        String otherToken = hk.login(apiKey(other));
        String otherId = hk.post("auth.php", "action", "info", "token", otherToken)
                .ok()
                .path("servers")
                .get(0)
                .asText();
        for (String action : List.of("get_snapshot", "create_snapshot", "remove_snapshot", "load_stats")) {
            String foreign = hk.post("vm.php", "action", action, "token", token, "id", otherId, "name", "x")
                    .error(200);
            String missing = hk.post("vm.php", "action", action, "token", token, "id", "987654321", "name", "x")
                    .error(200);
            assertThat(foreign).isEqualTo(missing).isEqualTo("server not found");
        }
    }

    @Test
    void unknownCallbackKeys() {
        for (String k : List.of("0123456789abcdef0123456789abcdef", "short", "UPPER", "a".repeat(500))) {
            JsonNode answer =
                    hk.post("eq_callback.php", "action", "check", "key", k).json();
            assertThat(answer.path("code").asInt()).isEqualTo(-1);
            assertThat(answer.path("message").asText()).isEqualTo("AsyncKey not found");
        }
        assertThat(hk.send("GET", "eq_callback.php", "action=check&key=00000000000000000000000000000000", "")
                        .error(200))
                .isEqualTo("AsyncKey not found");
    }

    @Test
    void onlyAdminsCreateApiKeysAndABadKeyDoesNotLogIn() {
        DanubeClient plain = client().login(user, "pw-" + user);
        assertThat(plain.post("/accounts/user/" + user + "/invapi-key/", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(hk.post("auth.php", "action", "login", "key", "0".repeat(64)).error(200))
                .isEqualTo("authentication failed");
        assertThat(admin().post("/accounts/user/nobody-" + user + "/invapi-key/", Map.of())
                        .status())
                .isEqualTo(404);
    }
}

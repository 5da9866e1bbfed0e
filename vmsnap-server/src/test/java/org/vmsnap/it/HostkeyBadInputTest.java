package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input of every parameter of every HOSTKEY action answers HOSTKEY's {@code {"code":-1,"message"}} with the
 * exact message a client can show, never a 5xx, and changes nothing.
 */
@OnH2
class HostkeyBadInputTest extends IntegrationTest {
    private HostkeyClient hk;
    private String token;
    private String id;
    private String key;

    @BeforeEach
    void userWithOneVm() {
        hk = new HostkeyClient("http://127.0.0.1:" + port);
        String user = unique("hkbad");
        newUser(user);
        deployVm(user, 16);
        key = invapiKey(user);
        token = hk.login(key);
        id = hk.firstServer(token);
    }

    /** One call: form pairs, and the message it must answer. */
    private record Case(String script, List<String> pairs, int status, String message) {}

    private final List<Case> cases = new ArrayList<>();

    private void expect(String script, int status, String message, String... pairs) {
        cases.add(new Case(script, List.of(pairs), status, message));
    }

    /** vm.php with a valid token and id unless overridden (a later pair wins, as in PHP). */
    private void vm(String message, String... pairs) {
        List<String> all = new ArrayList<>(List.of("token", token, "id", id));
        all.addAll(List.of(pairs));
        expect("vm.php", 200, message, all.toArray(String[]::new));
    }

    @Test
    void everyBadParameterAnswersHostkeysErrorAndNeverA5xx() {
        // auth.php
        expect("auth.php", 200, "action is required");
        expect("auth.php", 200, "action is required", "action", "");
        expect("auth.php", 200, "invalid action", "action[]", "login");
        expect("auth.php", 200, "unknown action", "action", "whmcslogin", "user", "u", "password", "p");
        expect("auth.php", 200, "key is required", "action", "login");
        expect("auth.php", 200, "key is required", "action", "login", "key", "");
        expect("auth.php", 200, "invalid key", "action", "login", "key[]", key);
        expect("auth.php", 200, "authentication failed", "action", "login", "key", "no-such-key");
        for (String ttl : List.of("abc", "0", "-5", "1.5", "99999999999", "2592001", "1e3")) {
            expect("auth.php", 200, "invalid ttl", "action", "login", "key", key, "ttl", ttl);
        }
        expect("auth.php", 200, "invalid ttl", "action", "login", "key", key, "ttl[]", "60");
        expect("auth.php", 401, "token is required", "action", "info");
        expect("auth.php", 401, "token is required", "action", "logout", "token", " ");
        expect("auth.php", 401, "invalid token", "action", "info", "token", "ZZZ");
        expect("auth.php", 401, "invalid token", "action", "info", "token", "0".repeat(32));
        expect("auth.php", 200, "invalid token", "action", "info", "token[]", token);

        // vm.php: action, token, id
        expect("vm.php", 200, "action is required", "token", token, "id", id);
        expect("vm.php", 200, "unknown action", "action", "reboot", "token", token, "id", id);
        expect("vm.php", 401, "token is required", "action", "get_snapshot", "id", id);
        expect("vm.php", 401, "invalid token", "action", "get_snapshot", "token", "x y", "id", id);
        for (String action : List.of(
                "create_snapshot",
                "get_snapshot",
                "remove_snapshot",
                "restore_snapshot",
                "update_restore_settings",
                "load_stats")) {
            vm("id is required", "action", action, "id", "");
            for (String badId : List.of("abc", "-1", "1.0", "0x10", "9999999999999999999999", " ")) {
                vm(badId.isBlank() ? "id is required" : "invalid id", "action", action, "id", badId);
            }
            vm("invalid id", "action", action, "id[]", id);
            vm("server not found", "action", action, "id", "0", "name", "n");
        }
        // name, type
        for (String action : List.of("create_snapshot", "remove_snapshot", "restore_snapshot")) {
            vm("name is required", "action", action);
            for (String name : List.of("with space", "slash/", "semi;colon", "ü", "a".repeat(256), "../x", "$id")) {
                vm("invalid snapshot name", "action", action, "name", name);
            }
            vm("invalid name", "action", action, "name[]", "x");
            vm("invalid type", "action", action, "name", "ok", "type", "backup");
            vm("invalid type", "action", action, "name", "ok", "type[]", "snapshot");
        }
        vm("invalid type", "action", "get_snapshot", "type", "image");
        vm("snapshot not found", "action", "remove_snapshot", "name", "nope");
        vm("snapshot not found", "action", "restore_snapshot", "name", "nope");
        for (String uuid :
                List.of("nope", "12345678-1234-1234-1234-1234567890", "ABCDEF01-1234-1234-1234-123456789012")) {
            vm("invalid openstack_id", "action", "restore_snapshot", "openstack_id", uuid);
            vm("invalid openstack_id", "action", "remove_snapshot", "openstack_id", uuid);
        }
        vm("snapshot not found", "action", "remove_snapshot", "openstack_id", "12345678-1234-1234-1234-123456789012");
        // update_restore_settings
        for (String flag : List.of("2", "-1", "maybe", "")) {
            vm("invalid enable_rotation", "action", "update_restore_settings", "enable_rotation", flag);
        }
        vm("invalid enable_rotation", "action", "update_restore_settings", "enable_rotation[]", "1");
        for (String bad : List.of("with space", "a".repeat(256), "x/y")) {
            vm("invalid exclude_rotation", "action", "update_restore_settings", "exclude_rotation[]", bad);
        }
        vm(
                "invalid exclude_rotation",
                "action",
                "update_restore_settings",
                "exclude_rotation[]",
                "ok",
                "exclude_rotation[]",
                "");
        List<String> many = new ArrayList<>(List.of("action", "update_restore_settings"));
        for (int i = 0; i <= 100; i++) {
            many.addAll(List.of("exclude_rotation[]", "n" + i));
        }
        vm("invalid exclude_rotation", many.toArray(String[]::new));

        // eq_callback.php
        expect("eq_callback.php", 200, "action is required", "key", "0".repeat(32));
        expect("eq_callback.php", 200, "unknown action", "action", "status", "key", "0".repeat(32));
        expect("eq_callback.php", 200, "key is required", "action", "check");
        expect("eq_callback.php", 200, "invalid key", "action", "check", "key[]", "0".repeat(32));

        Map<String, String> failures = new LinkedHashMap<>();
        for (Case c : cases) {
            HostkeyClient.Answer answer = hk.post(c.script(), c.pairs().toArray(String[]::new));
            String got = answer.status() + " " + answer.body();
            JsonNode json = answer.json();
            boolean matches = answer.status() == c.status()
                    && json.path("code").asInt() == -1
                    && json.path("message").asText().equals(c.message())
                    && !json.has("result");
            if (!matches) {
                failures.put(c.script() + " " + c.pairs(), "want " + c.status() + " " + c.message() + ", got " + got);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(hk.post("vm.php", "action", "get_snapshot", "token", token, "id", id)
                        .ok()
                        .path("snapshots"))
                .isEmpty();
        assertThat(hk.post("vm.php", "action", "get_snapshot", "token", token, "id", id)
                        .ok()
                        .path("settings")
                        .path("enable_rotation")
                        .asInt())
                .isZero();
    }

    @Test
    void transportLevelMistakesAnswerInHostkeysShape() {
        for (String script : List.of("auth.php", "vm.php", "eq_callback.php")) {
            for (String method : List.of("PUT", "DELETE", "PATCH")) {
                assertThat(hk.send(method, script, "", "action=info").error(405))
                        .isEqualTo("method not allowed");
            }
            // A body that is not a form is refused, never taken for an empty one.
            HostkeyClient.Answer json = hk.sendTyped("POST", script, "application/json", "{\"action\":\"info\"}");
            assertThat(json.error(415)).isEqualTo("unsupported content type: send the parameters as a form");
            assertThat(hk.send("POST", script, "", "action=%zz").error(200)).isEqualTo("malformed form data");
            String huge = "action=info&pad=" + "x".repeat(1024 * 1024 + 10);
            assertThat(hk.send("POST", script, "", huge).error(413)).isEqualTo("request body is too large");
        }
    }

    @Test
    void randomisedValuesInEveryParameterNeverBreakTheServer() {
        List<String> values = List.of(
                "",
                " ",
                "0",
                "-1",
                "1",
                "1.5",
                "1e999",
                "abc",
                "snap_1.0",
                "<script>",
                "x".repeat(300),
                "../../etc/passwd",
                "a;rm -rf /",
                "\u0000",
                "\n",
                "%00",
                "true",
                "null",
                "[]",
                "ü",
                id,
                token);
        List<String> names = List.of(
                "action",
                "token",
                "id",
                "name",
                "type",
                "num_rotation",
                "openstack_id",
                "enable_rotation",
                "exclude_rotation",
                "exclude_rotation[]",
                "exclude_rotation[x]",
                "key",
                "ttl",
                "id[]",
                "name[]");
        List<String> actions = List.of(
                "create_snapshot",
                "get_snapshot",
                "remove_snapshot",
                "restore_snapshot",
                "update_restore_settings",
                "load_stats",
                "login",
                "logout",
                "info",
                "check",
                "bogus");
        List<String> scripts = List.of("auth.php", "vm.php", "eq_callback.php");
        java.util.Random random = new java.util.Random(6);
        for (int i = 0; i < 300; i++) {
            List<String> pairs = new ArrayList<>(List.of("action", actions.get(random.nextInt(actions.size()))));
            if (random.nextBoolean()) {
                pairs.addAll(List.of("token", token, "id", id));
            }
            int n = random.nextInt(5);
            for (int k = 0; k < n; k++) {
                pairs.add(names.get(random.nextInt(names.size())));
                pairs.add(values.get(random.nextInt(values.size())));
            }
            String script = scripts.get(random.nextInt(scripts.size()));
            HostkeyClient.Answer answer = random.nextBoolean()
                    ? hk.post(script, pairs.toArray(String[]::new))
                    : hk.getWithBody(script, pairs.toArray(String[]::new));
            assertThat(answer.status())
                    .as("%s %s: %s", script, pairs, answer.body())
                    .isIn(200, 401);
            JsonNode json = answer.json();
            assertThat(json.path("result").asText().equals("OK")
                            || json.path("code").asInt() == -1)
                    .as("%s %s: %s", script, pairs, answer.body())
                    .isTrue();
        }
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decoding HOSTKEY's own Go client (the {@code invapi} package of its Terraform provider) applies to vmsnap's
 * answers, re-expressed in Java (no third-party code is kept here): its login response type takes {@code result}
 * as the nested login object (a string there broke the decode), its error check passes the answers, and its
 * {@code WaitForCallback} ends on a finished snapshot (a context whose {@code id} is a string and whose {@code ip}
 * is set) and on a failed one (context text with {@code error}), and keeps waiting while the task runs.
 */
@OnH2
class HostkeyGoClientReplayTest extends IntegrationTest {
    /** {@code LoginResponse.Normalized}: the token at the top level, else under {@code result}. */
    private static String normalizedToken(JsonNode login) {
        String token = login.path("token").asText("");
        JsonNode result = login.path("result");
        assertThat(result.isMissingNode() || result.isNull() || result.isObject())
                .as("Go decodes result into *LoginResult: an object or nothing")
                .isTrue();
        return token.isEmpty() ? result.path("token").asText("") : token;
    }

    /** {@code decodeAPIError}: null when the envelope is no error. */
    private static String apiError(JsonNode body) {
        JsonNode result = body.path("result");
        if (result.isTextual() && !result.asText().isEmpty() && !result.asText().equals("OK")) {
            return "result=" + result.asText();
        }
        if (result.isNumber() && result.asInt() != 0 && result.asInt() != 1) {
            return "result=" + result.asInt();
        }
        String msg = body.path("message").asText(body.path("error").asText(""));
        JsonNode code = body.path("code");
        if (!code.isMissingNode() && !code.isNull() && !code.asText().equals("0")) {
            return "code " + code + ": " + msg;
        }
        return msg.isEmpty() ? null : msg;
    }

    /** {@code callbackTerminal}: null while running, "done", or the failure. */
    private static String terminal(JsonNode check) {
        String scope = check.path("scope").toString().toLowerCase(Locale.ROOT);
        if (scope.contains("deploy_done") || scope.contains("autodeploy completed")) {
            return "done";
        }
        JsonNode ctx = check.path("context");
        if (!ctx.isMissingNode()) {
            // json.Unmarshal into CallbackContext{Action, ID, Location, IP string; Reinstall int}
            boolean decodes = textOrAbsent(ctx, "action")
                    && textOrAbsent(ctx, "id")
                    && textOrAbsent(ctx, "location")
                    && textOrAbsent(ctx, "ip")
                    && (ctx.path("reinstall").isMissingNode()
                            || ctx.path("reinstall").isInt());
            if (decodes
                    && !ctx.path("ip").asText("").isEmpty()
                    && !ctx.path("id").asText("").isEmpty()) {
                return "done";
            }
            if (ctx.toString().toLowerCase(Locale.ROOT).contains("error")) {
                return "failed: " + ctx;
            }
        }
        if (check.path("result").asText().equalsIgnoreCase("Error")) {
            return "failed: " + check.path("debug").asText();
        }
        return null;
    }

    private static boolean textOrAbsent(JsonNode ctx, String field) {
        JsonNode v = ctx.path(field);
        return v.isMissingNode() || v.isNull() || v.isTextual();
    }

    /** What {@code WaitForCallback} ended on: the verdict and the check it read. */
    private record End(String verdict, JsonNode check) {}

    private End waitForCallback(HostkeyClient hk, String key) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (true) {
            JsonNode check =
                    hk.post("eq_callback.php", "action", "check", "key", key).json();
            String end = terminal(check);
            if (end != null) {
                return new End(end, check);
            }
            assertThat(check.path("context").path("status").asText()).isEqualTo("pending");
            assertThat(java.time.Instant.now()).as("never terminal: %s", check).isBefore(deadline);
            HostkeyClient.pause();
        }
    }

    @Test
    void itsClientLogsInAndSeesSnapshotsEndDoneOrFailed() throws Exception {
        String user = unique("gocli");
        newUser(user);
        String vm = unique("vm");
        admin().post("/vm/" + vm + "/define/", Map.of("owner", user, "address", "203.0.113.7"))
                .expect(201);
        admin().post("/vm/" + vm + "/define/disk/1/", Map.of("size", "16")).expect(201);
        admin().stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
        String key = invapiKey(user);
        HostkeyClient hk = new HostkeyClient("http://127.0.0.1:" + port);

        JsonNode login = hk.post("auth.php", "action", "login", "key", key, "ttl", "3600")
                .json();
        assertThat(apiError(login)).isNull();
        String token = normalizedToken(login);
        assertThat(token).matches("[0-9a-f]{32}");
        assertThat(login.has("invapi"))
                .as("an invapi host would send the client to HOSTKEY's own servers")
                .isFalse();
        String id = login.path("result").path("servers").get(0).asText();

        JsonNode started = hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "go1")
                .json();
        assertThat(apiError(started)).isNull();
        End end = waitForCallback(hk, started.path("callback").asText());
        assertThat(end.verdict()).isEqualTo("done");
        JsonNode done = end.check();
        assertThat(done.path("context").path("id").asText()).isEqualTo(id);
        assertThat(done.path("context").path("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(done.path("context").path("status").asText())
                .as("today's fields stay")
                .isEqualTo("done");

        Files.delete(image(vm, 1));
        JsonNode doomed = hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "go2")
                .json();
        assertThat(waitForCallback(hk, doomed.path("callback").asText()).verdict())
                .startsWith("failed: ");
    }

    @Test
    void aVmWithoutItsOwnAddressReportsItsNodes() throws Exception {
        String user = unique("gonode");
        newUser(user);
        deployVm(user, 16);
        String key = invapiKey(user);
        HostkeyClient hk = new HostkeyClient("http://127.0.0.1:" + port);
        String token = hk.login(key);
        String id = hk.firstServer(token);
        JsonNode started = hk.post("vm.php", "action", "create_snapshot", "token", token, "id", id, "name", "n1")
                .json();
        End end = waitForCallback(hk, started.path("callback").asText());
        assertThat(end.verdict()).isEqualTo("done");
        JsonNode done = end.check();
        JsonNode node = admin().get("/node/local/", Map.of()).expect(200).json().path("result");
        assertThat(done.path("context").path("ip").asText())
                .isNotEmpty()
                .isEqualTo(node.path("address").asText());

        JsonNode bad = admin().post("/vm/" + unique("vm") + "/define/", Map.of("address", "a b;rm"))
                .expect(400)
                .json();
        assertThat(bad.path("result").path("address").get(0).asText())
                .isEqualTo("Enter a valid IPv4 or IPv6 address or host name.");
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays, byte for byte, what Danube's {@code es} 1.3.3 sends (danube.md §8.3, §8.6): its headers on every request
 * (a JSON Content-Type even on GET), every value a string, {@code ES-STREAM: es}, and reads answers the way it does.
 */
@OnH2
class EsReplayTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Map<String, String> esHeaders(String token) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", "es/1.3.3");
        h.put("Accept", "application/json; indent=4");
        h.put("Content-Type", "application/json; indent=4");
        h.put("ES-STREAM", "es");
        if (token != null) {
            h.put("Authorization", "Token " + token);
        }
        return h;
    }

    /** What {@code es} prints as {@code status} and {@code text}: the streamed final answer when there is one. */
    private record EsOutput(int status, JsonNode text) {}

    private EsOutput es(String method, String path, String body, String token) throws Exception {
        DanubeClient.Answer answer = client().raw(method, path, body, esHeaders(token));
        if (answer.header("es_stream") != null) {
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.header("es_task_id")).matches("1e1d1-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
            String text = answer.body().stripLeading();
            int nl = text.indexOf('\n');
            return new EsOutput(Integer.parseInt(text.substring(0, nl)), JSON.readTree(text.substring(nl + 1)));
        }
        return new EsOutput(answer.status(), JSON.readTree(answer.body()));
    }

    @Test
    void theEsCommandLinesOfTheContract() throws Exception {
        String vm = deployVm("admin", 16);
        String target = deployVm("admin", 16);
        java.nio.file.Path image = image(vm, 1);

        // es login -username admin -password ...
        EsOutput login = es(
                "POST",
                "/accounts/login/",
                "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}",
                null);
        assertThat(login.status()).isEqualTo(200);
        String token = login.text().path("token").asText();
        assertThat(token).hasSize(40);

        // es create /vm/web01/snapshot/snap1 -disk_id 1 -note "before upgrade"
        EsOutput created = es(
                "POST", "/vm/" + vm + "/snapshot/snap1/", "{\"disk_id\": \"1\", \"note\": \"before upgrade\"}", token);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.text().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(created.text().path("result").path("message").asText()).isEqualTo("Snapshot successfully created");
        es("POST", "/vm/" + vm + "/snapshot/a/", "{\"disk_id\": \"1\"}", token);
        es("POST", "/vm/" + vm + "/snapshot/b/", "{\"disk_id\": \"1\"}", token);

        // es get /vm/web01/snapshot -disk_id 1   (GET with the JSON content type and no body)
        EsOutput list = es("GET", "/vm/" + vm + "/snapshot/?disk_id=1", null, token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text().path("result").toString()).isEqualTo("[\"b\",\"a\",\"snap1\"]");

        // es get /vm/web01/snapshot -full -disk_id 1 -order_by +name
        EsOutput full = es("GET", "/vm/" + vm + "/snapshot/?full=True&disk_id=1&order_by=%2Bname", null, token);
        assertThat(full.text().path("result").get(0).path("name").asText()).isEqualTo("snap1");
        assertThat(full.text().path("result").get(0).path("note").asText()).isEqualTo("before upgrade");

        // es set /vm/web01/snapshot/snap1 -disk_id 1 -note "kept for audit"
        EsOutput note = es(
                "PUT", "/vm/" + vm + "/snapshot/snap1/", "{\"disk_id\": \"1\", \"note\": \"kept for audit\"}", token);
        assertThat(note.status()).isEqualTo(200);
        assertThat(note.text().path("result").path("note").asText()).isEqualTo("kept for audit");

        // es set /vm/web01/snapshot/snap1 -disk_id 1 -force false   (refused: newer snapshots exist)
        EsOutput refused = es("PUT", "/vm/" + vm + "/snapshot/snap1/", "{\"disk_id\": \"1\", \"force\": false}", token);
        assertThat(refused.status()).isEqualTo(417);
        assertThat(refused.text().path("detail").asText()).isEqualTo("VM has more recent snapshots");

        // es set /vm/web01/snapshot/snap1 -disk_id 1 -force false -target_hostname_or_uuid web02 -target_disk_id 1
        EsOutput restored = es(
                "PUT",
                "/vm/" + vm + "/snapshot/snap1/",
                "{\"disk_id\": \"1\", \"force\": false, \"target_hostname_or_uuid\": \"" + target
                        + "\", \"target_disk_id\": \"1\"}",
                token);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.text().path("result").path("message").asText()).isEqualTo("Snapshot successfully restored");

        // es delete /vm/web01/snapshot -disk_id 1 -snapnames 'json::["a","b"]'
        EsOutput deleted =
                es("DELETE", "/vm/" + vm + "/snapshot/", "{\"disk_id\": \"1\", \"snapnames\": [\"a\", \"b\"]}", token);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text().path("result").path("message").asText()).isEqualTo("Snapshots successfully deleted");

        // es set /vm/web01/snapshot -disk_id 1   (sync)
        EsOutput synced = es("PUT", "/vm/" + vm + "/snapshot/", "{\"disk_id\": \"1\"}", token);
        assertThat(synced.text().path("result").path("message").asText()).isEqualTo("Snapshots successfully synced");

        // es get /task/log ; es get /dc/main/vm/web01/snapshot
        EsOutput log = es("GET", "/task/log/", null, token);
        assertThat(log.text().path("results").size()).isEqualTo(10);
        EsOutput dc = es("GET", "/dc/main/vm/" + vm + "/snapshot/", null, token);
        assertThat(dc.text().path("result").toString()).isEqualTo("[\"snap1\"]");

        // es delete /vm/web01/snapshot/snap1 -disk_id 1
        EsOutput one = es("DELETE", "/vm/" + vm + "/snapshot/snap1/", "{\"disk_id\": \"1\"}", token);
        assertThat(one.text().path("result").path("message").asText()).isEqualTo("Snapshot successfully deleted");
        assertThat(Qemu.tags(image)).isEmpty();

        // es logout: 200 with the valid token; 403 with a bad one (es then keeps its token file)
        assertThat(es("GET", "/accounts/logout/", null, "f".repeat(40)).status())
                .isEqualTo(403);
        EsOutput bye = es("GET", "/accounts/logout/", null, token);
        assertThat(bye.status()).isEqualTo(200);
        assertThat(bye.text().path("detail").asText()).isEqualTo("Bye.");
    }

    @Test
    void indentedAnswersParseAndLookLikePythonJson() {
        String vm = deployVm("admin", 16);
        DanubeClient.Answer answer = admin().get("/vm/" + vm + "/snapshot/", Map.of());
        assertThat(answer.body()).startsWith("{\n    \"task_id\": \"").contains("\n    \"result\": []\n}");
    }
}

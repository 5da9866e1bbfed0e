package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body that a front door cannot read as its declared type is refused in the vendor's shape and changes nothing:
 * before, a multipart note update reached the Danube rollback as an empty body (so {@code force} defaulted to true)
 * and deleted the newer snapshot. Also JSON with trailing garbage, and {@code ;} parameters in a path segment,
 * which Spring took for matrix variables ({@code /snapshot/a;b/} created {@code a}).
 */
@OnH2
class UnreadableBodyTest extends VssTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BOUNDARY = "vmsnapBoundary7MA4YWxk";

    private static String multipart(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((name, value) -> b.append("--")
                .append(BOUNDARY)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        return b.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    private HttpResponse<String> send(String method, String path, String contentType, String body, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return HttpAnswer.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Test
    void danubeRefusesAMultipartNoteUpdateInsteadOfRollingBack() {
        String vm = deployVm("admin", 16);
        String snaps = "/api/vm/" + vm + "/snapshot/";
        admin().stream("POST", "/vm/" + vm + "/snapshot/old/", Map.of("note", "first"))
                .expectFinal(200);
        admin().stream("POST", "/vm/" + vm + "/snapshot/new/", Map.of()).expectFinal(200);
        String token = "Token " + admin().token();

        HttpResponse<String> refused =
                send("PUT", snaps + "old/", MULTIPART, multipart(Map.of("disk_id", "1", "note", "edited")), token);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(json(refused).path("detail").asText())
                .isEqualTo("Unsupported media type \"" + MULTIPART + "\" in request.");

        HttpResponse<String> text = send("PUT", snaps + "old/", "text/plain", "{\"note\":\"edited\"}", token);
        assertThat(text.statusCode()).isEqualTo(415);
        HttpResponse<String> trailing =
                send("PUT", snaps + "old/", "application/json", "{\"note\":\"edited\"} {\"force\":true}", token);
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(json(trailing).path("detail").asText()).startsWith("JSON parse error");

        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactlyInAnyOrder("old", "new");
        assertThat(Qemu.tags(image(vm, 1))).hasSize(2);
        assertThat(snapshot(vm, "old").path("note").asText()).isEqualTo("first");

        // the same edit as JSON, and as a url-encoded form, is read and done
        admin().put("/vm/" + vm + "/snapshot/old/", Map.of("disk_id", "1", "note", "edited"))
                .expect(200);
        assertThat(snapshot(vm, "old").path("note").asText()).isEqualTo("edited");
        HttpResponse<String> form =
                send("PUT", snaps + "old/", "application/x-www-form-urlencoded", "disk_id=1&note=form+edit", token);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(snapshot(vm, "old").path("note").asText()).isEqualTo("form edit");
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactlyInAnyOrder("old", "new");
    }

    @Test
    void aPathSegmentWithParametersIsNoRoute() {
        String vm = deployVm("admin", 16);
        String token = "Token " + admin().token();
        HttpResponse<String> danube =
                send("POST", "/api/vm/" + vm + "/snapshot/a;b/", "application/json", "{\"disk_id\":1}", token);
        assertThat(danube.statusCode()).isEqualTo(404);
        assertThat(json(danube).path("detail").asText()).isEqualTo("Not found");
        HttpResponse<String> onVm = send("POST", "/api/vm/" + vm + ";x/snapshot/a/", "application/json", "{}", token);
        assertThat(onVm.statusCode()).isEqualTo(404);
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).isEmpty();
        assertThat(Qemu.tags(image(vm, 1))).isEmpty();

        HttpResponse<String> vssPath =
                send("GET", "/v2/vm/" + moref(vm) + ";x/snapshot", "application/json", "", "Bearer " + vss().token());
        assertThat(vssPath.statusCode()).isEqualTo(404);
        assertThat(json(vssPath).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void vssRefusesAMultipartRequestInsteadOfSnapshottingNow() {
        String vm = deployVm("admin", 16);
        String path = "/v2/vm/" + moref(vm) + "/snapshot";
        String bearer = "Bearer " + vss().token();
        HttpResponse<String> refused = send(
                "POST",
                path,
                MULTIPART,
                multipart(Map.of("description", "later", "from_date", "2099-01-01 00:00", "valid_for", "1")),
                bearer);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        JsonNode error = json(refused);
        assertThat(error.path("status").asInt()).isEqualTo(415);
        assertThat(error.path("message").asText()).contains("application/json");
        HttpResponse<String> trailing =
                send("POST", path, "application/json", "{\"from_date\":\"2099-01-01 00:00\"}garbage", bearer);
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(vss().getSnapshotRequests(true, Map.of("filter", "vm_name,eq," + vm)))
                .as("no request was stored")
                .isEmpty();
        assertThat(Qemu.tags(image(vm, 1))).isEmpty();
    }

    @Test
    void cloudSigmaRefusesAMultipartCreate() {
        String vm = deployVm("admin", 16);
        String drive = admin().diskUuid(vm, 1);
        String basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString(("admin@localhost:" + ADMIN_PASSWORD).getBytes());
        HttpResponse<String> refused =
                send("POST", "/api/2.0/snapshots/", MULTIPART, multipart(Map.of("drive", drive, "name", "m")), basic);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(json(refused).get(0).path("error_type").asText()).isEqualTo("validation");
        HttpResponse<String> trailing = send(
                "POST",
                "/api/2.0/snapshots/",
                "application/json",
                "{\"objects\":[{\"drive\":\"" + drive + "\"}]}]",
                basic);
        assertThat(trailing.statusCode()).as(trailing.body()).isEqualTo(400);
        assertThat(Qemu.tags(image(vm, 1))).isEmpty();
    }

    @Test
    void hostkeyReadsAMultipartFormAsPhpDoesAndRefusesJson() {
        String user = unique("hkmp");
        newUser(user);
        String vm = deployVm(user, 16);
        String key = invapiKey(user);
        HostkeyClient hk = new HostkeyClient("http://127.0.0.1:" + port);
        String token = hk.login(key);
        String id = hk.firstServer(token);

        HttpResponse<String> created = send(
                "POST",
                "/vm.php",
                MULTIPART,
                multipart(Map.of("action", "create_snapshot", "token", token, "id", id, "name", "from-multipart")),
                null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode done = hk.await(json(created).path("callback").asText());
        assertThat(done.path("result").asText()).as(done.toString()).isEqualTo("OK");
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactly("from-multipart");

        HostkeyClient.Answer refused = hk.sendTyped(
                "POST",
                "vm.php?action=create_snapshot&token=" + token + "&id=" + id,
                "application/json",
                "{\"name\":\"lost\"}");
        assertThat(refused.error(415)).isEqualTo("unsupported content type: send the parameters as a form");
        assertThat(Qemu.tags(image(vm, 1))).hasSize(1);
    }
}

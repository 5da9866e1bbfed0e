package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/** Bad input on every field and path of the VSS front door: a VSS-shaped 4xx, never a 5xx, and nothing stored. */
@ContextConfiguration(initializers = TestBackends.H2.class)
class VssBadInputTest extends VssTest {
    record Case(String method, String path, String body, int status, String message) {}

    private JsonNode expectError(Case c, String auth) {
        HttpResponse<String> response = vss().raw(c.method(), c.path(), c.body(), auth);
        String what = c.method() + " " + c.path() + " " + c.body() + " -> " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(c.status());
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(what)
                .contains("json");
        JsonNode body = PyVss.processRvError(response);
        assertThat(body.path("status").asInt()).as(what).isEqualTo(c.status());
        assertThat(body.path("error").asText()).as(what).isNotBlank();
        assertThat(body.path("message").asText()).as(what).contains(c.message());
        return body;
    }

    @Test
    void everyFieldOfACreateIsChecked() {
        String vm = deployVm("admin", 8);
        String snap = "/v2/vm/" + moref(vm) + "/snapshot";
        List<Case> cases = List.of(
                new Case("POST", snap, "{\"description\":\"d\",\"valid_for\":0}", 400, "valid_for must be >= 1"),
                new Case("POST", snap, "{\"description\":\"d\",\"valid_for\":73}", 400, "valid_for must be <= 72"),
                new Case("POST", snap, "{\"valid_for\":-5}", 400, "valid_for must be >= 1"),
                new Case("POST", snap, "{\"valid_for\":\"abc\"}", 400, "valid_for must be an integer"),
                new Case("POST", snap, "{\"valid_for\":1.5}", 400, "valid_for must be an integer"),
                new Case("POST", snap, "{\"valid_for\":true}", 400, "valid_for must be an integer"),
                new Case("POST", snap, "{\"valid_for\":99999999999}", 400, "valid_for must be an integer"),
                new Case("POST", snap, "{\"valid_for\":[24]}", 400, "valid_for must be an integer"),
                new Case("POST", snap, "{\"from_date\":\"2026-13-01 10:00\"}", 400, "from_date must be a date"),
                new Case("POST", snap, "{\"from_date\":\"2027-02-30 10:00\"}", 400, "from_date must be a date"),
                new Case("POST", snap, "{\"from_date\":\"2027-02-01 24:00\"}", 400, "from_date must be a date"),
                new Case("POST", snap, "{\"from_date\":\"tomorrow\"}", 400, "YYYY-MM-DD HH:MM"),
                new Case("POST", snap, "{\"from_date\":\"2027-02-01T10:00\"}", 400, "YYYY-MM-DD HH:MM"),
                new Case("POST", snap, "{\"from_date\":\"2027-02-01 10:00:00\"}", 400, "YYYY-MM-DD HH:MM"),
                new Case("POST", snap, "{\"from_date\":\"\"}", 400, "from_date must be a date"),
                new Case("POST", snap, "{\"from_date\":20270201}", 400, "from_date must be a string"),
                new Case("POST", snap, "{\"description\":5}", 400, "description must be a string"),
                new Case("POST", snap, "{\"description\":\"" + "x".repeat(1025) + "\"}", 400, "at most 1024"),
                new Case("POST", snap, "{\"consolidate\":\"maybe\"}", 400, "consolidate must be true or false"),
                new Case("POST", snap, "{\"with_memory\":3}", 400, "with_memory must be true or false"),
                new Case("POST", snap, "[1]", 400, "must be a JSON object"),
                new Case("POST", snap, "{bad", 400, "not valid JSON"),
                new Case("POST", snap, "\"text\"", 400, "must be a JSON object"));
        for (Case c : cases) {
            expectError(c, "Bearer " + vss().token());
        }
        assertThat(vss().getSnapshotRequests(true, Map.of("filter", "vm_name,eq," + vm)))
                .as("no request was stored")
                .isEmpty();
        assertThat(Qemu.tags(image(vm, 1))).isEmpty();

        // unknown keys are ignored (EIS's MCP server sends them)
        JsonNode accepted = PyVss.processRv(vss().raw(
                                "POST",
                                snap,
                                "{\"description\":\"d\",\"from_date\":\"2099-01-01 00:00\",\"name\":\"x\","
                                        + "\"include_memory\":true,\"vm_id_or_name\":\"y\"}",
                                "Bearer " + vss().token()))
                .path("data");
        assertThat(accepted.path("request").path("status").asText()).isEqualTo("SUBMITTED");
    }

    @Test
    void extensionsAndPathsAndListParametersAreChecked() {
        String vm = deployVm("admin", 8);
        String moref = moref(vm);
        long id = requestId(vss().createVmSnapshot(moref, "later", "2099-01-01 00:00", 24, true, false));
        String req = "/v2/request/snapshot/" + id;
        List<Case> cases = List.of(
                new Case("PUT", req, "{\"attribute\":\"size\",\"value\":1}", 400, "unknown attribute 'size'"),
                new Case("PUT", req, "{\"attribute\":\"duration\",\"value\":0}", 400, "value must be >= 1"),
                new Case("PUT", req, "{\"attribute\":\"duration\",\"value\":73}", 400, "value must be <= 72"),
                new Case("PUT", req, "{\"attribute\":\"duration\",\"value\":\"x\"}", 400, "value must be an integer"),
                new Case("PUT", req, "{\"attribute\":\"duration\"}", 400, "value is required"),
                new Case("PUT", req, "{\"value\":5}", 400, "attribute is required"),
                new Case("PUT", req, "{\"attribute\":7,\"value\":5}", 400, "attribute must be a string"),
                new Case("PUT", req, "{\"attribute\":\"duration\",\"value\":5}", 400, "only SCHEDULED"),
                new Case("PUT", req, "nope", 400, "not valid JSON"),
                new Case("PUT", "/v2/request/snapshot/abc", "{}", 404, "Not found"),
                new Case("GET", "/v2/request/snapshot/999999", null, 404, "not found"),
                new Case("GET", "/v2/request/snapshot/-1", null, 404, "not found"),
                new Case("POST", "/v2/request/snapshot", "{}", 405, "method POST not allowed"),
                new Case("GET", "/v2/vm/nonsense/snapshot", null, 404, "VM not found"),
                new Case("GET", "/v2/vm/vm-0/snapshot", null, 404, "VM not found"),
                new Case("GET", "/v2/vm/vm-99999999999999999999/snapshot", null, 404, "VM not found"),
                new Case("GET", "/v2/vm/" + moref + "/snapshot/abc", null, 404, "Not found"),
                new Case("GET", "/v2/vm/" + moref + "/snapshot/999999", null, 404, "Snapshot not found"),
                new Case("DELETE", "/v2/vm/" + moref + "/snapshot/999999", null, 404, "Snapshot not found"),
                new Case("PATCH", "/v2/vm/" + moref + "/snapshot/999999", null, 404, "Snapshot not found"),
                new Case(
                        "PUT",
                        "/v2/vm/" + moref + "/snapshot/consolidate",
                        "{\"schedule\":\"soon\"}",
                        400,
                        "schedule must be a date"),
                new Case(
                        "PUT",
                        "/v2/vm/" + moref + "/snapshot/consolidate",
                        "{\"schedule\":\"2027-02-30 10:00\"}",
                        400,
                        "schedule must be a date"),
                new Case(
                        "PUT",
                        "/v2/vm/" + moref + "/snapshot/consolidate",
                        "{\"schedule\":\"\"}",
                        400,
                        "schedule must be a date"),
                new Case(
                        "PUT",
                        "/v2/vm/" + moref + "/snapshot/consolidate",
                        "{\"schedule\":202702011000}",
                        400,
                        "schedule must be a string"),
                new Case("PUT", "/v2/vm/" + moref + "/snapshot/consolidate", "[1]", 400, "must be a JSON object"),
                new Case("PUT", "/v2/vm/" + moref + "/snapshot/consolidate", "{bad", 400, "not valid JSON"),
                new Case("PUT", "/v2/vm/vm-999999/snapshot/consolidate", "{}", 404, "VM not found"),
                new Case("PUT", "/v2/vm/nonsense/snapshot/consolidate", "{}", 404, "VM not found"),
                new Case("GET", "/v2/request/change/999999", null, 404, "Change request not found"),
                new Case("GET", "/v2/request/change/abc", null, 404, "Not found"),
                new Case("POST", "/v2/request/change", "{}", 405, "method POST not allowed"),
                new Case("GET", "/v2/request/change?page=0", null, 400, "page must be a positive"),
                new Case("GET", "/v2/nothing/here", null, 404, "Not found"),
                new Case("GET", "/v2/request/snapshot?per_page=abc", null, 400, "per_page must be a positive"),
                new Case("GET", "/v2/request/snapshot?page=0", null, 400, "page must be a positive"),
                new Case("GET", "/v2/request/snapshot?page=-1", null, 400, "page must be a positive"),
                new Case("GET", "/v2/request/snapshot?expand=maybe", null, 400, "expand must be"),
                new Case("GET", "/v2/request/snapshot?filter=bogus,eq,1", null, 400, "unknown field 'bogus'"),
                new Case("GET", "/v2/request/snapshot?filter=status", null, 400, "filter must be field,op,value"),
                new Case("GET", "/v2/request/snapshot?filter=status,xx,1", null, 400, "filter operator"),
                new Case("GET", "/v2/request/snapshot?filter=message,eq,1", null, 400, "unknown field"),
                new Case("GET", "/v2/request/snapshot?sort=status,sideways", null, 400, "sort direction"),
                new Case("GET", "/v2/request/snapshot?sort=nope,desc", null, 400, "unknown field 'nope'"),
                new Case("GET", "/v2/vm/" + moref + "/snapshot?per_page=0", null, 400, "per_page"));
        for (Case c : cases) {
            expectError(c, "Bearer " + vss().token());
        }
        assertThat(vss().getChangeRequests(true, Map.of()))
                .as("no change request was stored")
                .isEmpty();
        JsonNode r = vss().getSnapshotRequest(id);
        assertThat(r.path("extensions").asInt()).isZero();
        assertThat(r.path("valid_for").asInt()).isEqualTo(24);

        // per_page above 100 is served as 100
        JsonNode page = vss().request("GET", "/v2/request/snapshot?per_page=1000", null);
        assertThat(page.path("meta").path("pages").path("per_page").asInt()).isEqualTo(100);

        // authentication errors
        expectError(new Case("POST", "/auth/request-token", "{}", 401, "authentication required"), null);
        expectError(new Case("POST", "/auth/request-token", "{}", 401, "invalid username or password"), "Basic !!!");
        expectError(new Case("GET", "/v2/request/snapshot", null, 401, "authentication required"), null);
        expectError(new Case("GET", "/auth/nothing", null, 404, "Not found"), null);
    }
}

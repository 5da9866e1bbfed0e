package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parameters, validation messages, error shapes and codes of the snapshot endpoints (danube.md §1, §2, §10). */
abstract class DanubeWireContract extends IntegrationTest {
    private String vm;
    private String path;

    @BeforeEach
    void vmWithTwoSnapshots() {
        vm = deployVm("admin", 16, 16);
        path = "/vm/" + vm + "/snapshot/";
        admin().stream("POST", path + "alpha/", Map.of("disk_id", "1", "note", "a"))
                .expectFinal(200);
        admin().stream("POST", path + "beta/", Map.of("disk_id", "2")).expectFinal(200);
    }

    private String detail(DanubeClient.Answer answer) {
        return answer.json().path("detail").asText();
    }

    private JsonNode failure(DanubeClient.Answer answer) {
        answer.expect(400);
        assertThat(answer.json().path("status").asText()).isEqualTo("FAILURE");
        assertThat(answer.json().path("task_id").asText())
                .matches("1d1d1-6f75849b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
        return answer.json().path("result");
    }

    @Test
    void listIsNamesByDefaultAndObjectsWithFull() {
        DanubeClient.Answer names = admin().get(path, Map.of()).expect(200);
        assertThat(names.json().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(names(names)).containsExactly("beta", "alpha");
        for (String truthy : List.of("True", "true", "1", "yes")) {
            JsonNode full = admin().get(path, Map.of("full", truthy, "disk_id", "1"))
                    .expect(200)
                    .json()
                    .path("result");
            assertThat(full).hasSize(1);
            JsonNode o = full.get(0);
            assertThat(o.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "hostname",
                            "vm_uuid",
                            "define",
                            "name",
                            "disk_id",
                            "note",
                            "type",
                            "created",
                            "status",
                            "size",
                            "id");
            assertThat(o.path("hostname").asText()).isEqualTo(vm);
            assertThat(o.path("define").isNull()).isTrue();
            assertThat(o.path("disk_id").asInt()).isEqualTo(1);
            assertThat(o.path("note").asText()).isEqualTo("a");
            assertThat(o.path("type").asInt()).isEqualTo(2);
            assertThat(o.path("status").asInt()).isEqualTo(1);
            assertThat(o.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?Z");
        }
        assertThat(names(admin().get(path, Map.of("full", "False")))).containsExactly("beta", "alpha");
    }

    @Test
    void orderByPlusAndMinusBothMeanDescending() {
        assertThat(names(admin().get(path, Map.of("order_by", "name")))).containsExactly("alpha", "beta");
        assertThat(names(admin().get(path, Map.of("order_by", "-name")))).containsExactly("beta", "alpha");
        assertThat(names(admin().get(path, Map.of("order_by", "+name")))).containsExactly("beta", "alpha");
        assertThat(names(admin().get(path, Map.of("order_by", "created")))).containsExactly("alpha", "beta");
        assertThat(names(admin().get(path, Map.of("order_by", "disk_id,name")))).containsExactly("alpha", "beta");
        assertThat(detail(admin().get(path, Map.of("order_by", "bogus")).expect(412)))
                .isEqualTo("Invalid order_by; Possible sort fields are: name, disk_id, size, created, hostname");
    }

    @Test
    void filtersAndTheirErrors() {
        assertThat(names(admin().get(path, Map.of("disk_id", "2")))).containsExactly("beta");
        assertThat(names(admin().get(path, Map.of("type", "2")))).containsExactly("beta", "alpha");
        assertThat(names(admin().get(path, Map.of("type", "1")))).isEmpty();
        assertThat(detail(admin().get(path, Map.of("type", "3")).expect(412))).isEqualTo("Invalid snapshot type");
        for (String bad : List.of("abc", "0", "-1", "3", "1.5")) {
            assertThat(detail(admin().get(path, Map.of("disk_id", bad)).expect(412)))
                    .as(bad)
                    .isEqualTo("Invalid disk_id");
        }
        assertThat(detail(admin().get(path + "alpha/", Map.of("disk_id", "2")).expect(404)))
                .isEqualTo("Snapshot not found");
        assertThat(admin().get(path + "alpha/", Map.of("disk_id", "1"))
                        .expect(200)
                        .json()
                        .path("result")
                        .path("name")
                        .asText())
                .isEqualTo("alpha");
    }

    @Test
    void createValidatesNameNoteAndDuplicates() {
        JsonNode tooLong = failure(admin().post(path + "a".repeat(25) + "/", Map.of()));
        assertThat(tooLong.path("name").get(0).asText())
                .isEqualTo("Ensure this value has at most 24 characters (it has 25).");
        assertThat(failure(admin().post(path + "-dash/", Map.of()))
                        .path("name")
                        .get(0)
                        .asText())
                .isEqualTo("Invalid value.");
        assertThat(failure(admin().post(path + "ok1/", Map.of("note", "a;b")))
                        .path("note")
                        .get(0)
                        .asText())
                .isEqualTo("Invalid value.");
        assertThat(failure(admin().post(path + "ok2/", Map.of("note", "n".repeat(129))))
                        .path("note")
                        .get(0)
                        .asText())
                .isEqualTo("Ensure this value has at most 128 characters (it has 129).");
        assertThat(detail(admin().post(path + "alpha/", Map.of("disk_id", 1)).expect(406)))
                .isEqualTo("Snapshot already exists");
        assertThat(detail(admin().post(path + "gamma/", Map.of("disk_id", "7")).expect(412)))
                .isEqualTo("Invalid disk_id");
        assertThat(names(admin().get(path, Map.of()))).containsExactly("beta", "alpha");
        assertThat(Qemu.tags(image(vm, 1))).hasSize(1);
    }

    @Test
    void rollbackParameterErrors() {
        JsonNode noDisk = failure(admin().put(path + "alpha/", Map.of("target_hostname_or_uuid", vm)));
        assertThat(noDisk.path("target_disk_id").get(0).asText())
                .isEqualTo("This field is required when target_hostname_or_uuid is specified.");
        JsonNode noHost = failure(admin().put(path + "alpha/", Map.of("target_disk_id", "1")));
        assertThat(noHost.path("target_hostname_or_uuid").get(0).asText())
                .isEqualTo("This field is required when target_disk_id is specified.");
        JsonNode unknown =
                failure(admin().put(path + "alpha/", Map.of("target_hostname_or_uuid", "nope", "target_disk_id", "1")));
        assertThat(unknown.path("target_hostname_or_uuid").get(0).asText()).isEqualTo("VM not found");
        JsonNode badDisk = failure(admin().put(
                        path + "alpha/",
                        Map.of("target_hostname_or_uuid", deployVm("admin", 16), "target_disk_id", "2")));
        assertThat(badDisk.path("target_disk_id").get(0).asText()).isEqualTo("Invalid disk_id");
        assertThat(failure(admin().put(path + "alpha/", Map.of("target_hostname_or_uuid", vm, "target_disk_id", "9")))
                        .path("target_disk_id")
                        .get(0)
                        .asText())
                .isEqualTo("Ensure this value is less than or equal to 6.");
    }

    @Test
    void malformedRequestsGetClearAnswersNever5xx() {
        DanubeClient.Answer broken =
                admin().raw("POST", path + "x1/", "{not json", Map.of("Content-Type", "application/json"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(detail(broken)).startsWith("JSON parse error");
        DanubeClient.Answer array =
                admin().raw("POST", path + "x1/", "[1,2]", Map.of("Content-Type", "application/json"));
        assertThat(array.status()).isEqualTo(400);
        DanubeClient.Answer huge = admin().raw(
                        "POST",
                        path + "x1/",
                        "{\"note\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}",
                        Map.of("Content-Type", "application/json"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(detail(huge)).isEqualTo("Request body is too large.");
        DanubeClient.Answer method = admin().raw("PATCH", path, "{}", Map.of("Content-Type", "application/json"));
        assertThat(method.status()).isEqualTo(405);
        assertThat(detail(method)).isEqualTo("Method \"PATCH\" not allowed.");
        assertThat(detail(admin().get("/no/such/thing/", Map.of()).expect(404))).isEqualTo("Not found");
        assertThat(detail(admin().get("/vm/" + vm + "/snapshot/bad%20name/", Map.of())
                        .expect(404)))
                .isEqualTo("Not found");
        assertThat(names(admin().get(path, Map.of()))).containsExactly("beta", "alpha");
    }

    @Test
    void pathsWithoutTrailingSlashAndTheDcAliasAnswerTheSame() {
        String expected = names(admin().get(path, Map.of())).toString();
        assertThat(names(admin().get("/vm/" + vm + "/snapshot", Map.of()).expect(200))
                        .toString())
                .isEqualTo(expected);
        assertThat(names(admin().get("/dc/main/vm/" + vm + "/snapshot/", Map.of())
                                .expect(200))
                        .toString())
                .isEqualTo(expected);
        assertThat(names(admin().get(path, Map.of("dc", "main")).expect(200)).toString())
                .isEqualTo(expected);
        assertThat(detail(admin().get("/dc/nowhere/vm/" + vm + "/snapshot/", Map.of())
                        .expect(404)))
                .isEqualTo("Datacenter not found");
        assertThat(detail(admin().get(path, Map.of("dc", "nowhere")).expect(404)))
                .isEqualTo("Datacenter not found");
    }

    @Test
    void undeployedVmHasNoDisks() {
        String defined = unique("vm");
        admin().post("/vm/" + defined + "/define/", Map.of()).expect(201);
        assertThat(detail(admin().get("/vm/" + defined + "/snapshot/", Map.of("disk_id", "1"))
                        .expect(412)))
                .isEqualTo("Invalid disk_id");
        assertThat(detail(admin().post("/vm/" + defined + "/snapshot/s/", Map.of())
                        .expect(412)))
                .isEqualTo("Invalid disk_id");
    }
}

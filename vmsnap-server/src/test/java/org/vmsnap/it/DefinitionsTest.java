package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshot definitions through the Danube API (danube.md §2.1–2.3, §5.2). */
@OnH2
class DefinitionsTest extends IntegrationTest {

    private JsonNode failure(DanubeClient.Answer answer) {
        answer.expect(400);
        assertThat(answer.json().path("status").asText()).isEqualTo("FAILURE");
        return answer.json().path("result");
    }

    @Test
    void createShowUpdateDelete() {
        String vm = deployVm("admin", 16);
        String path = "/vm/" + vm + "/define/snapshot/";
        DanubeClient.Answer created = admin().post(
                        path + "daily/",
                        Map.of("disk_id", "1", "schedule", "30 4 * * *", "retention", "7", "desc", "nightly"));
        created.expect(201);
        assertThat(created.json().path("status").asText()).isEqualTo("SUCCESS");
        JsonNode o = created.json().path("result");
        assertThat(o.fieldNames())
                .toIterable()
                .containsExactly(
                        "hostname",
                        "vm_uuid",
                        "name",
                        "disk_id",
                        "desc",
                        "active",
                        "schedule",
                        "retention",
                        "fsfreeze",
                        "next_run");
        assertThat(o.path("schedule").asText()).isEqualTo("30 4 * * *");
        assertThat(o.path("retention").asInt()).isEqualTo(7);
        assertThat(o.path("active").asBoolean()).isTrue();
        assertThat(o.path("fsfreeze").asBoolean()).isFalse();
        assertThat(o.path("desc").asText()).isEqualTo("nightly");
        Instant next = Instant.parse(o.path("next_run").asText());
        assertThat(next.atOffset(ZoneOffset.UTC).getHour()).isEqualTo(4);
        assertThat(next.atOffset(ZoneOffset.UTC).getMinute()).isEqualTo(30);
        assertThat(next).isAfter(TestClock.now()).isBefore(TestClock.now().plusSeconds(86400 + 60));

        assertThat(admin().post(path + "daily/", Map.of("schedule", "1 1 * * *", "retention", "1"))
                        .expect(406)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Snapshot definition already exists");

        DanubeClient.Answer paused = admin().put(path + "daily/", Map.of("active", "false", "desc", "paused"));
        paused.expect(200);
        assertThat(paused.json().path("result").path("active").asBoolean()).isFalse();
        assertThat(paused.json().path("result").path("next_run").isNull()).isTrue();
        assertThat(paused.json().path("result").path("schedule").asText()).isEqualTo("30 4 * * *");

        JsonNode shown = admin().get(path + "daily/", Map.of("extended", "true"))
                .expect(200)
                .json()
                .path("result");
        assertThat(shown.path("desc").asText()).isEqualTo("paused");
        assertThat(shown.path("snapshots").asLong()).isZero();
        assertThat(names(admin().get(path, Map.of()))).containsExactly("daily");
        assertThat(names(admin().get("/vm/define/snapshot/", Map.of()))).contains("daily");

        DanubeClient.Answer deleted = admin().delete(path + "daily/", Map.of());
        deleted.expect(200);
        assertThat(deleted.json().path("result").isNull()).isTrue();
        assertThat(admin().get(path + "daily/", Map.of())
                        .expect(404)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Snapshot definition not found");

        var log = admin().get("/task/log/", Map.of()).json().path("results");
        assertThat(log.toString())
                .contains("Create server snapshot definition")
                .contains("schedule='30 4 * * *' retention=7")
                .contains("Delete server snapshot definition");
    }

    @Test
    void presetsFillScheduleAndRetention() {
        String vm = deployVm("admin", 16);
        String path = "/vm/" + vm + "/define/snapshot/";
        JsonNode hourly =
                admin().post(path + "hourly/", Map.of()).expect(201).json().path("result");
        assertThat(hourly.path("schedule").asText()).matches("([0-9]|[1-5][0-9]) \\* \\* \\* \\*");
        assertThat(hourly.path("retention").asInt()).isEqualTo(24);
        JsonNode weekly = admin().post(path + "weekly/", Map.of("retention", "3"))
                .expect(201)
                .json()
                .path("result");
        assertThat(weekly.path("schedule").asText()).matches("\\d+ \\d+ \\* \\* [0-6]");
        assertThat(weekly.path("retention").asInt()).isEqualTo(3);
        JsonNode monthly =
                admin().post(path + "monthly/", Map.of()).expect(201).json().path("result");
        assertThat(monthly.path("retention").asInt()).isEqualTo(6);
        assertThat(names(admin().get(path, Map.of("order_by", "name")))).containsExactly("hourly", "monthly", "weekly");
        assertThat(names(admin().get(path, Map.of("order_by", "+name"))))
                .containsExactly("weekly", "monthly", "hourly");
    }

    /** One refused create: the definition name, its body, the field that fails and Danube's message. */
    private record Refusal(String name, Map<String, String> body, String field, String message) {}

    @Test
    void validationMessagesAndCodes() {
        String vm = deployVm("admin", 16);
        String path = "/vm/" + vm + "/define/snapshot/";
        String daily = "0 0 * * *";
        for (Refusal r : java.util.List.of(
                new Refusal("custom", Map.of("retention", "1"), "schedule", "This field is required."),
                new Refusal(
                        "custom",
                        Map.of("schedule", "1 * * *", "retention", "1"),
                        "schedule",
                        "Entry has to consist of exactly 5 columns."),
                new Refusal(
                        "custom",
                        Map.of("schedule", "1  * * * *", "retention", "1"),
                        "schedule",
                        "Use only a single space as a column separator."),
                new Refusal(
                        "custom",
                        Map.of("schedule", " 1 * * * *", "retention", "1"),
                        "schedule",
                        "Leading nor trailing spaces are allowed."),
                new Refusal(
                        "custom",
                        Map.of("schedule", "0 0 * * MON", "retention", "1"),
                        "schedule",
                        "Incorrect value in 5. column."),
                new Refusal(
                        "custom",
                        Map.of("schedule", "75 0 * * *", "retention", "1"),
                        "schedule",
                        "Incorrect value in 1. column."),
                new Refusal(
                        "custom",
                        Map.of("schedule", daily, "retention", "65537"),
                        "retention",
                        "Ensure this value is less than or equal to 65536."),
                new Refusal(
                        "custom", Map.of("schedule", daily, "retention", "x"), "retention", "Enter a whole number."),
                new Refusal(
                        "toolongnm",
                        Map.of("schedule", daily, "retention", "1"),
                        "name",
                        "Ensure this value has at most 8 characters (it has 9)."),
                new Refusal(
                        "custom",
                        Map.of("schedule", daily, "retention", "1", "desc", "a&b"),
                        "desc",
                        "Invalid value."))) {
            JsonNode result = failure(admin().post(path + r.name() + "/", r.body()));
            assertThat(result.path(r.field()).get(0).asText())
                    .as(r.body().toString())
                    .isEqualTo(r.message());
        }
        assertThat(admin().post(path + "custom/", Map.of("disk_id", "3", "schedule", "0 0 * * *", "retention", "1"))
                        .expect(412)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Invalid disk_id");
        assertThat(admin().put(path + "nope/", Map.of("retention", "1"))
                        .expect(404)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Snapshot definition not found");
        assertThat(names(admin().get(path, Map.of()))).isEmpty();
    }

    @Test
    void ownersReadAdminsWrite() {
        String ownerName = unique("owner");
        DanubeClient owner = newUser(ownerName);
        DanubeClient stranger = newUser(unique("other"));
        String vm = deployVm(ownerName, 16);
        String path = "/vm/" + vm + "/define/snapshot/";
        admin().post(path + "daily/", Map.of("schedule", "0 3 * * *", "retention", "2"))
                .expect(201);
        assertThat(owner.post(path + "mine/", Map.of("schedule", "0 3 * * *", "retention", "2"))
                        .expect(403)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Permission denied");
        assertThat(owner.delete(path + "daily/", Map.of())
                        .expect(403)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Permission denied");
        assertThat(names(owner.get(path, Map.of()))).containsExactly("daily");
        assertThat(stranger.get(path, Map.of())
                        .expect(404)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("VM not found");
        assertThat(names(stranger.get("/vm/define/snapshot/", Map.of()))).isEmpty();
        assertThat(names(owner.get("/vm/" + vm + "/snapshot/", Map.of("define", "daily"))))
                .isEmpty();
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limit endpoints fed values of every JSON type: each answer is 200 or Danube's 400 FAILURE envelope with
 * field errors (never a 5xx), and what is stored afterwards is exactly what the last accepted call set.
 */
@OnH2
class LimitsNeverFiveHundredTest extends IntegrationTest {
    private static final List<String> VALUES = List.of(
            "null",
            "true",
            "false",
            "0",
            "-1",
            "1",
            "7",
            "65536",
            "65537",
            "2147483647",
            "2147483648",
            "-9223372036854775808",
            "99999999999999999999",
            "1.5",
            "1.0",
            "1e999",
            "\"\"",
            "\" 3 \"",
            "\"+4\"",
            "\"0x10\"",
            "\"abc\"",
            "\"\\u0000\"",
            "[]",
            "[1]",
            "{}",
            "{\"a\": 1}");
    private static final List<String> VM_FIELDS = List.of(
            "snapshot_limit_manual", "snapshot_limit_auto", "snapshot_size_limit", "snapshot_size_percent_limit");
    private static final List<String> DC_FIELDS =
            List.of("VMS_VM_SNAPSHOT_DEFINE_LIMIT", "VMS_VM_SNAPSHOT_LIMIT_AUTO", "VMS_VM_SNAPSHOT_DC_SIZE_LIMIT");

    @AfterEach
    void clearDcSettings() {
        Map<String, Object> nulls = new HashMap<>();
        DC_FIELDS.forEach(f -> nulls.put(f, null));
        admin().put("/dc/main/settings/", nulls).expect(200);
    }

    @Test
    void randomisedLimitValuesAreAcceptedOrRefusedCleanly() {
        String vm = deployVm("admin", 16);
        fuzz("/vm/" + vm + "/define/", VM_FIELDS, new Random(7));
        fuzz("/dc/main/settings/", DC_FIELDS, new Random(8));
        clearDcSettings();
        Map<String, Object> nulls = new HashMap<>();
        VM_FIELDS.forEach(f -> nulls.put(f, null));
        admin().put("/vm/" + vm + "/define/", nulls).expect(200);
        admin().stream("POST", "/vm/" + vm + "/snapshot/after/", Map.of()).expectFinal(200);
    }

    private void fuzz(String path, List<String> fields, Random random) {
        List<String> failures = new ArrayList<>();
        JsonNode stored = admin().get(path, Map.of()).expect(200).json().path("result");
        for (int round = 0; round < 60; round++) {
            StringBuilder body = new StringBuilder("{");
            int count = 1 + random.nextInt(fields.size());
            for (int i = 0; i < count; i++) {
                body.append(i == 0 ? "" : ", ")
                        .append('"')
                        .append(fields.get(random.nextInt(fields.size())))
                        .append("\": ")
                        .append(VALUES.get(random.nextInt(VALUES.size())));
            }
            body.append('}');
            DanubeClient.Answer answer =
                    admin().raw("PUT", path, body.toString(), Map.of("Content-Type", "application/json"));
            JsonNode json = answer.status() < 500 ? answer.json() : null;
            if (answer.status() == 200 && "SUCCESS".equals(json.path("status").asText())) {
                stored = json.path("result");
            } else if (answer.status() == 400
                    && "FAILURE".equals(json.path("status").asText())) {
                json.path("result").fieldNames().forEachRemaining(f -> {
                    if (!fields.contains(f)) {
                        failures.add(body + " -> error on unknown field " + f);
                    }
                });
            } else if (answer.status() != 400 || !json.has("detail")) {
                failures.add(body + " -> " + answer.status() + " " + answer.body());
            }
            JsonNode now = admin().get(path, Map.of()).expect(200).json().path("result");
            if (!now.equals(stored)) {
                failures.add(body + " -> stored " + now + " but expected " + stored);
            }
        }
        assertThat(failures).isEmpty();
    }
}

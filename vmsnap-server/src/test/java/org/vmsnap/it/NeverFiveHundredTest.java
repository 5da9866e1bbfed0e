package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every snapshot and VM endpoint, fed values of every JSON type in every parameter (and broken bodies), answers
 * in Danube's shapes with a 2xx/4xx code: never a 5xx, never a non-JSON body.
 */
@OnH2
class NeverFiveHundredTest extends IntegrationTest {
    private static final List<String> VALUES = List.of(
            "null",
            "true",
            "false",
            "0",
            "-1",
            "1",
            "7",
            "1.5",
            "1e999",
            "\"\"",
            "\"1\"",
            "\"True\"",
            "\"abc\"",
            "\"<script>\"",
            "\"" + "x".repeat(300) + "\"",
            "[]",
            "[1]",
            "[\"s1\", null, 3]",
            "{}",
            "{\"a\": 1}",
            "\"../../etc/passwd\"",
            "\"a;rm -rf /\"",
            "\"\\u0000\"");
    private static final List<String> PARAMS = List.of(
            "disk_id",
            "note",
            "force",
            "snapnames",
            "target_hostname_or_uuid",
            "target_disk_id",
            "full",
            "type",
            "order_by",
            "dc",
            "define",
            "size",
            "image",
            "owner",
            "alias",
            "fsfreeze");

    @Test
    void randomisedParametersNeverBreakTheServer() {
        String vm = deployVm("admin", 16);
        String other = deployVm("admin", 16);
        admin().stream("POST", "/vm/" + vm + "/snapshot/s1/", Map.of()).expectFinal(200);
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/vm/" + vm + "/snapshot/"},
                new String[] {"PUT", "/vm/" + vm + "/snapshot/"},
                new String[] {"DELETE", "/vm/" + vm + "/snapshot/"},
                new String[] {"GET", "/vm/" + vm + "/snapshot/s1/"},
                new String[] {"POST", "/vm/" + vm + "/snapshot/n1/"},
                new String[] {"PUT", "/vm/" + vm + "/snapshot/s1/"},
                new String[] {"DELETE", "/vm/" + vm + "/snapshot/nope/"},
                new String[] {"POST", "/vm/" + unique("x") + "/define/"},
                new String[] {"POST", "/vm/" + other + "/define/disk/2/"},
                new String[] {"GET", "/vm/"},
                new String[] {"POST", "/vm/" + vm + "/define/snapshot/d1/"},
                new String[] {"PUT", "/vm/" + vm + "/define/snapshot/d1/"},
                new String[] {"GET", "/vm/" + vm + "/define/snapshot/"},
                new String[] {"GET", "/vm/define/snapshot/"},
                new String[] {"GET", "/task/log/"},
                new String[] {"POST", "/accounts/login/"});
        Random random = new Random(42);
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            for (int round = 0; round < 25; round++) {
                StringBuilder body = new StringBuilder("{");
                StringBuilder query = new StringBuilder();
                int count = 1 + random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    String param = PARAMS.get(random.nextInt(PARAMS.size()));
                    String value = VALUES.get(random.nextInt(VALUES.size()));
                    body.append(i == 0 ? "" : ", ")
                            .append('"')
                            .append(param)
                            .append("\": ")
                            .append(value);
                    query.append(i == 0 ? "?" : "&")
                            .append(param)
                            .append('=')
                            .append(java.net.URLEncoder.encode(
                                    value.replace("\"", ""), java.nio.charset.StandardCharsets.UTF_8));
                }
                body.append('}');
                boolean get = endpoint[0].equals("GET");
                String path = get ? endpoint[1] + query : endpoint[1];
                DanubeClient.Answer answer = admin().raw(
                                endpoint[0],
                                path,
                                get ? null : body.toString(),
                                Map.of("Content-Type", "application/json; indent=4"));
                if (answer.status() >= 500 || !answer.body().stripLeading().matches("(?s)(\\d{3}\\n)?[\\[{].*")) {
                    failures.add(
                            endpoint[0] + " " + path + " " + body + " -> " + answer.status() + " " + answer.body());
                }
            }
        }
        for (String broken : List.of("{", "[", "{\"a\":}", "\u0000", "nul", "{\"disk_id\": 1,}", "\"str\"")) {
            DanubeClient.Answer answer = admin().raw(
                            "POST", "/vm/" + vm + "/snapshot/b1/", broken, Map.of("Content-Type", "application/json"));
            if (answer.status() != 400) {
                failures.add("broken body " + broken + " -> " + answer.status() + " " + answer.body());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(names(admin().get("/vm/" + other + "/snapshot/", Map.of()))).isEmpty();
        Qemu.check(image(vm, 1));
    }
}

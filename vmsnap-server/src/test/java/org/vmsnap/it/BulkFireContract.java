package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vmsnap.scheduler.SnapshotScheduler;

/**
 * Many definitions due at the same time on several VMs are fired as one batch: each refused one (a VM's automatic
 * snapshot limit, counting the batch's own earlier creates; a name already taken) is logged and claimed while the
 * others start, exactly as when they fire one by one.
 */
abstract class BulkFireContract extends IntegrationTest {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    @Autowired
    SnapshotScheduler scheduler;

    private void define(String vm, String name) {
        admin().post(
                        "/vm/" + vm + "/define/snapshot/" + name + "/",
                        Map.of("schedule", "*/10 * * * *", "retention", "0"))
                .expect(201);
    }

    /** Polls (each poll a real request, bounded in number) until the VM has {@code count} ok snapshots. */
    private List<String> awaitOk(String vm, int count) {
        List<String> ok = List.of();
        for (int i = 0; i < 500; i++) {
            ok = new ArrayList<>();
            JsonNode list = admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "order_by", "created"))
                    .json()
                    .path("result");
            boolean allOk = true;
            for (JsonNode s : list) {
                allOk &= s.path("status").asInt() == 1;
                ok.add(s.path("name").asText());
            }
            if (allOk && ok.size() == count) {
                return ok;
            }
        }
        throw new AssertionError(vm + " never had " + count + " ok snapshots: " + ok);
    }

    @Test
    void definitionsDueTogetherFireAsOneBatchAndTheRefusedOnesAreLoggedAndClaimed() {
        String free = deployVm("admin", 16);
        String limited = deployVm("admin", 16);
        String taken = deployVm("admin", 16);
        for (String name : List.of("a1", "a2", "a3")) {
            define(free, name);
        }
        admin().put("/vm/" + limited + "/define/", Map.of("snapshot_limit_auto", "2"))
                .expect(200);
        for (String name : List.of("b1", "b2", "b3")) {
            define(limited, name);
        }
        define(taken, "c1");
        define(taken, "c2");
        Instant at = nextRun(free, "a1");
        assertThat(List.of(nextRun(limited, "b3"), nextRun(taken, "c2"))).containsOnly(at);
        String stamp = STAMP.format(at);
        admin().stream("POST", "/vm/" + taken + "/snapshot/c1-" + stamp + "/", Map.of())
                .expectFinal(200);

        // Ticks are global: other tests' definitions may fire too, so only these VMs are looked at.
        assertThat(scheduler.tick(at)).isGreaterThanOrEqualTo(3 + 2 + 1);
        assertThat(scheduler.tick(at)).as("claimed, refused ones too").isZero();

        assertThat(awaitOk(free, 3)).containsExactly("a1-" + stamp, "a2-" + stamp, "a3-" + stamp);
        assertThat(awaitOk(limited, 2))
                .as("the limit counts the batch's own earlier creates")
                .containsExactly("b1-" + stamp, "b2-" + stamp);
        assertThat(awaitOk(taken, 2)).containsExactly("c1-" + stamp, "c2-" + stamp);
        assertThat(Qemu.tags(image(free, 1))).hasSize(3);
        assertThat(Qemu.tags(image(limited, 1))).hasSize(2);

        List<String> limitedLog = createLog(limited);
        assertThat(limitedLog.stream().filter(l -> l.startsWith("FAILURE")))
                .containsExactly(
                        "FAILURE snapname=b3-" + stamp + ", disk_id=1, type=1. Error: VM snapshot limit reached");
        assertThat(limitedLog.stream().filter(l -> l.startsWith("SUCCESS"))).hasSize(2);
        assertThat(createLog(taken).stream().filter(l -> l.startsWith("FAILURE")))
                .singleElement()
                .asString()
                .startsWith("FAILURE snapname=c1-" + stamp + ", disk_id=1, type=1. Error: ");
        assertThat(createLog(free))
                .as("a PENDING and a SUCCESS line each, nothing refused")
                .hasSize(6)
                .allMatch(l -> l.startsWith("PENDING ") || l.startsWith("SUCCESS "));

        Instant next = at.plus(Duration.ofMinutes(10));
        assertThat(Map.of("a3", nextRun(free, "a3"), "b3", nextRun(limited, "b3"), "c1", nextRun(taken, "c1")))
                .as("every definition claimed, refused or not")
                .allSatisfy((name, run) -> assertThat(run).isEqualTo(next));
    }
}

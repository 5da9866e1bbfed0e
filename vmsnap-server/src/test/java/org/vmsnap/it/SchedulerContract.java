package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vmsnap.scheduler.SnapshotScheduler;

/** Definitions firing at their times (driven with explicit instants), automatic names, retention. */
abstract class SchedulerContract extends IntegrationTest {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    @Autowired
    SnapshotScheduler scheduler;

    private JsonNode definition(String vm, String name) {
        return admin().get("/vm/" + vm + "/define/snapshot/" + name + "/", Map.of())
                .expect(200)
                .json()
                .path("result");
    }

    /** Polls the list until it satisfies {@code done}; each poll is a real request, bounded in number. */
    private JsonNode awaitSnapshots(String vm, Predicate<JsonNode> done) {
        JsonNode list = null;
        for (int i = 0; i < 500; i++) {
            list = admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "order_by", "created"))
                    .json()
                    .path("result");
            if (done.test(list)) {
                return list;
            }
        }
        throw new AssertionError("never reached: " + list);
    }

    private static boolean allOk(JsonNode list, int count) {
        if (list.size() != count) {
            return false;
        }
        for (JsonNode s : list) {
            if (s.path("status").asInt() != 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aMissedTickFiresOnceWithAnAutomaticName() {
        String vm = deployVm("admin", 16);
        admin().post("/vm/" + vm + "/define/snapshot/nightly/", Map.of("schedule", "0 3 * * *", "retention", "5"))
                .expect(201);
        Instant due = nextRun(vm, "nightly");
        Instant late = due.plus(Duration.ofDays(3)).plusSeconds(17);

        // Ticks are global: other tests' definitions may fire too, so only this VM's snapshots are looked at.
        scheduler.tick(due.minusSeconds(1));
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of())))
                .as("not due yet")
                .isEmpty();
        assertThat(scheduler.tick(late)).isGreaterThanOrEqualTo(1);
        scheduler.tick(late);
        JsonNode list = awaitSnapshots(vm, l -> allOk(l, 1));
        assertThat(list).as("claimed: the same (missed) tick fires once").hasSize(1);
        JsonNode s = list.get(0);
        assertThat(s.path("name").asText()).isEqualTo("nightly-" + STAMP.format(late));
        assertThat(s.path("type").asInt()).isEqualTo(1);
        assertThat(s.path("define").asText()).isEqualTo("nightly");
        assertThat(nextRun(vm, "nightly")).isAfter(late).isBefore(late.plus(Duration.ofDays(1)));
        assertThat(definition(vm, "nightly").path("snapshots").isMissingNode()).isTrue();
        assertThat(admin().get("/vm/" + vm + "/define/snapshot/nightly/", Map.of("extended", "true"))
                        .json()
                        .path("result")
                        .path("snapshots")
                        .asLong())
                .isEqualTo(1);
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of("define", "nightly"))))
                .hasSize(1);
        var log = admin().get("/task/log/", Map.of()).json().path("results").toString();
        assertThat(log).containsPattern("\"task\":\"7a1d1-[0-9a-f]{8}-");
    }

    @Test
    void retentionKeepsTheNewestAutomaticOnesOnly() {
        String vm = deployVm("admin", 16);
        String defs = "/vm/" + vm + "/define/snapshot/";
        admin().post(defs + "often/", Map.of("schedule", "*/5 * * * *", "retention", "2"))
                .expect(201);
        admin().post(defs + "other/", Map.of("schedule", "1 1 1 1 *", "retention", "1"))
                .expect(201);
        admin().stream("POST", "/vm/" + vm + "/snapshot/manual1/", Map.of()).expectFinal(200);

        Instant at = nextRun(vm, "often");
        for (int i = 0; i < 4; i++) {
            assertThat(scheduler.tick(at)).isGreaterThanOrEqualTo(1);
            int expected = Math.min(i + 1, 2);
            awaitSnapshots(vm, l -> allOk(l, 1 + expected));
            at = nextRun(vm, "often");
        }
        JsonNode list = awaitSnapshots(vm, l -> allOk(l, 3));
        List<String> names = new java.util.ArrayList<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        assertThat(names).first().isEqualTo("manual1");
        assertThat(names.subList(1, 3)).allMatch(n -> n.startsWith("often-"));
        assertThat(Qemu.tags(image(vm, 1))).hasSize(3);

        admin().put(defs + "often/", Map.of("active", "false")).expect(200);
        scheduler.tick(at.plus(Duration.ofDays(30)));
        assertThat(awaitSnapshots(vm, l -> allOk(l, 3)))
                .as("inactive never fires")
                .hasSize(3);
    }

    @Test
    void aFiringQueuedByATickThatDiedBeforeMakingItsTaskFiresOnceAtTheNextTick() {
        String vm = deployVm("admin", 16);
        admin().post("/vm/" + vm + "/define/snapshot/queued/", Map.of("schedule", "7 * * * *", "retention", "0"))
                .expect(201);
        Instant due = nextRun(vm, "queued");
        Instant at = due.plusSeconds(3);

        // only the first half of a tick, as if the process died right after it: queued, no task made
        assertThat(scheduler.queue(at)).isGreaterThanOrEqualTo(1);
        scheduler.queue(at.plusSeconds(1));
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).isEmpty();

        Instant later = at.plus(Duration.ofMinutes(5));
        scheduler.tick(later);
        scheduler.tick(later);
        JsonNode list = awaitSnapshots(vm, l -> allOk(l, 1));
        assertThat(list)
                .as("one task for the queued firing, none for the second queue call")
                .hasSize(1);
        assertThat(list.get(0).path("name").asText())
                .as("named after the tick that queued it")
                .isEqualTo("queued-" + STAMP.format(at));
        assertThat(nextRun(vm, "queued")).isAfter(later).isBefore(later.plus(Duration.ofHours(1)));
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vmsnap.scheduler.SnapshotScheduler;

/**
 * A scheduled snapshot refused by the core rolls back alone (a savepoint, which PostgreSQL needs after a failed
 * statement): the tick's claim stays, the refusal is logged once, and the next tick fires normally.
 */
@OnPostgres
class ScheduledRefusalPostgresTest extends IntegrationTest {

    @Autowired
    SnapshotScheduler scheduler;

    @Test
    void aRefusedScheduledSnapshotKeepsItsClaimAndIsLoggedOnce() {
        String vm = deployVm("admin", 16);
        admin().post("/vm/" + vm + "/define/snapshot/n/", Map.of("schedule", "* * * * *", "retention", "0"))
                .expect(201);
        Instant due = nextRun(vm, "n");
        String taken = "n-" + SCHEDULED_STAMP.format(due);
        admin().stream("POST", "/vm/" + vm + "/snapshot/" + taken + "/", Map.of())
                .expectFinal(200);

        scheduler.tick(due);
        scheduler.tick(due);
        assertThat(nextRun(vm, "n")).as("claimed although refused").isEqualTo(due.plusSeconds(60));
        assertThat(createLog(vm))
                .as("the manual snapshot, then the scheduled one refused once")
                .hasSize(3)
                .last()
                .asString()
                .startsWith("FAILURE snapname=" + taken);

        scheduler.tick(due.plusSeconds(60));
        String next = "n-" + SCHEDULED_STAMP.format(due.plusSeconds(60));
        Instant deadline = Instant.now().plusSeconds(60);
        while (!names(admin().get("/vm/" + vm + "/snapshot/", Map.of())).contains(next)
                && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // poll the real server
        }
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactlyInAnyOrder(taken, next);
    }
}

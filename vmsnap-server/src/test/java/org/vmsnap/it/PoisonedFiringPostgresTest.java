package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vmsnap.scheduler.SnapshotScheduler;

/**
 * A queued firing the database refuses (here a trigger, standing in for any row it will not take) fails its whole
 * batch: the batch is then fired one by one, the poisoned firing is taken off the queue with its failure logged, and
 * the firings beside and behind it are made. It used to stay queued, failing every tick, with all the others behind.
 */
@OnPostgres
class PoisonedFiringPostgresTest extends IntegrationTest {

    @Autowired
    SnapshotScheduler scheduler;

    @Autowired
    JdbcTemplate jdbc;

    private void awaitSnapshot(String vm, String name) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!names(admin().get("/vm/" + vm + "/snapshot/", Map.of())).contains(name)
                && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // poll the real server
        }
    }

    @Test
    void aFiringTheDatabaseRefusesIsDroppedAndLoggedAndTheOthersAreMade() {
        String before = deployVm("admin", 16);
        String poisoned = deployVm("admin", 16);
        String after = deployVm("admin", 16);
        for (String vm : new String[] {before, poisoned, after}) {
            admin().post("/vm/" + vm + "/define/snapshot/n/", Map.of("schedule", "* * * * *", "retention", "0"))
                    .expect(201);
        }
        Instant due = nextRun(poisoned, "n");
        long poisonedId = jdbc.queryForObject("SELECT id FROM vm WHERE hostname = ?", Long.class, poisoned);
        jdbc.execute("CREATE FUNCTION vmsnap_test_poison() RETURNS trigger AS $$ BEGIN IF NEW.vm_id = " + poisonedId
                + " THEN RAISE EXCEPTION 'this row is refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        jdbc.execute("CREATE TRIGGER vmsnap_test_poison BEFORE INSERT ON snapshot FOR EACH ROW"
                + " EXECUTE FUNCTION vmsnap_test_poison()");
        try {
            scheduler.tick(due);
        } finally {
            jdbc.execute("DROP TRIGGER vmsnap_test_poison ON snapshot");
            jdbc.execute("DROP FUNCTION vmsnap_test_poison()");
        }
        String name = "n-" + SCHEDULED_STAMP.format(due);
        awaitSnapshot(before, name);
        awaitSnapshot(after, name);
        assertThat(names(admin().get("/vm/" + before + "/snapshot/", Map.of()))).containsExactly(name);
        assertThat(names(admin().get("/vm/" + after + "/snapshot/", Map.of()))).containsExactly(name);
        assertThat(names(admin().get("/vm/" + poisoned + "/snapshot/", Map.of())))
                .isEmpty();
        assertThat(createLog(poisoned))
                .as("its failure is in the task log")
                .last()
                .asString()
                .startsWith("FAILURE snapname=" + name)
                .contains("could not be made");
        assertThat(nextRun(poisoned, "n"))
                .as("off the queue, due again at its next time")
                .isEqualTo(due.plusSeconds(60));

        scheduler.tick(due.plusSeconds(60));
        String next = "n-" + SCHEDULED_STAMP.format(due.plusSeconds(60));
        awaitSnapshot(poisoned, next);
        assertThat(names(admin().get("/vm/" + poisoned + "/snapshot/", Map.of())))
                .containsExactly(next);
    }
}

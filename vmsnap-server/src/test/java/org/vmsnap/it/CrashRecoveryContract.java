package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The state a process leaves when it dies in the middle of tasks, written as it would have been written, then the
 * start-up recovery: the database must agree with the image afterwards.
 */
abstract class CrashRecoveryContract extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    private long diskId(String vm) {
        return jdbc.sql("SELECT d.id FROM disk d JOIN vm v ON v.id = d.vm_id WHERE v.hostname = ?")
                .param(vm)
                .query(Long.class)
                .single();
    }

    private long vmId(String vm) {
        return jdbc.sql("SELECT id FROM vm WHERE hostname = ?")
                .param(vm)
                .query(Long.class)
                .single();
    }

    private long intent(String vm, String name, String status) {
        String uuid = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO snapshot (uuid, disk_id, vm_id, name, type, origin, status, note, created_at, fsfreeze)
                        VALUES (?, ?, ?, ?, 'MANUAL', 'manual', ?, '', ?, FALSE)""")
                .params(uuid, diskId(vm), vmId(vm), name, status, OffsetDateTime.now(TestClock.CLOCK))
                .update();
        long id = jdbc.sql("SELECT id FROM snapshot WHERE uuid = ?")
                .param(uuid)
                .query(Long.class)
                .single();
        jdbc.sql("UPDATE snapshot SET tag = ? WHERE id = ?")
                .params("vs-" + id, id)
                .update();
        return id;
    }

    private void interruptedTask(String vm, String kind) {
        interruptedTask(vm, kind, "{}");
    }

    /** A task left STARTED, asked {@code params} (JSON), with the log line its submission wrote; returns its id. */
    private String interruptedTask(String vm, String kind, String params) {
        String id = "1e1d1-" + UUID.randomUUID().toString().substring(0, 23);
        jdbc.sql("""
                        INSERT INTO task (id, callback_key, uuid, kind, state, user_id, owner_id, dc_id, vm_id, disk_ids,
                                          params, created_at, started_at)
                        VALUES (?, ?, ?, ?, 'STARTED', 1, 1, 1, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        UUID.randomUUID().toString().replace("-", ""),
                        UUID.randomUUID().toString(),
                        kind,
                        vmId(vm),
                        String.valueOf(diskId(vm)),
                        params,
                        OffsetDateTime.now(TestClock.CLOCK),
                        OffsetDateTime.now(TestClock.CLOCK))
                .update();
        jdbc.sql("""
                        INSERT INTO task_log (logged_at, task_id, status, user_id, username, owner_id, dc_id, msg, detail,
                                              object_type, object_name, object_alias, flag, auto_task)
                        VALUES (?, ?, 'PENDING', 1, 'admin', 1, 1, ?, ?, 'vm', ?, ?, 1, FALSE)""")
                .params(OffsetDateTime.now(TestClock.CLOCK), id, "Interrupted " + kind, params, vm, vm)
                .update();
        return id;
    }

    /**
     * Starts the recovery as a start does, and waits (bounded polls) until the tasks are settled: the periodic sweep
     * of orphans may have taken one first, and then it is the one to settle it.
     */
    private void recoverAndAwait(String... taskIds) {
        ((SmartInitializingSingleton) context.getBean("startup")).afterSingletonsInstantiated();
        for (int i = 0; i < 600; i++) {
            long open = 0;
            for (String id : taskIds) {
                open += jdbc.sql("SELECT COUNT(*) FROM task WHERE id = ? AND state IN ('PENDING', 'STARTED')")
                        .param(id)
                        .query(Long.class)
                        .single();
            }
            if (open == 0) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // a poll; the bound decides
        }
        throw new AssertionError("interrupted tasks not settled");
    }

    /** The task's state and message, as it ended. */
    private String ending(String taskId) {
        return jdbc.sql("SELECT state, result FROM task WHERE id = ?")
                .param(taskId)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                .single();
    }

    /** The task's lines in the task log, oldest first. */
    private java.util.List<String> logOf(String taskId) {
        return jdbc.sql("SELECT status FROM task_log WHERE task_id = ? ORDER BY id")
                .param(taskId)
                .query(String.class)
                .list();
    }

    private String status(String vm, String name) {
        return jdbc.sql("SELECT status FROM snapshot WHERE disk_id = ? AND name = ?")
                .params(diskId(vm), name)
                .query(String.class)
                .optional()
                .orElse("gone");
    }

    @Test
    void restartSettlesEveryIntentAgainstTheImage() {
        String vm = deployVm("admin", 16);
        Path image = image(vm, 1);
        admin().stream("POST", "/vm/" + vm + "/snapshot/kept/", Map.of()).expectFinal(200);
        admin().stream("POST", "/vm/" + vm + "/snapshot/doomed/", Map.of()).expectFinal(200);

        // died after qemu-img created the snapshot, before the row was marked ok
        long taken = intent(vm, "taken", "PENDING");
        assertThat(Qemu.run("qemu-img", "snapshot", "-c", "vs-" + taken, image.toString())
                        .exit())
                .isZero();
        // died before qemu-img ran
        intent(vm, "never", "PENDING");
        // died during a delete, before qemu-img deleted it
        jdbc.sql("UPDATE snapshot SET status = 'DELETING' WHERE name = 'doomed' AND disk_id = ?")
                .param(diskId(vm))
                .update();
        // died during a rollback: snapshot marked, VM held
        jdbc.sql("UPDATE snapshot SET status = 'ROLLBACK' WHERE name = 'kept' AND disk_id = ?")
                .param(diskId(vm))
                .update();
        jdbc.sql("UPDATE vm SET state = 'NOTREADY' WHERE id = ?")
                .param(vmId(vm))
                .update();
        interruptedTask(vm, "SNAPSHOT_ROLLBACK");

        ((SmartInitializingSingleton) context.getBean("startup")).afterSingletonsInstantiated();

        assertThat(status(vm, "taken")).isEqualTo("OK");
        assertThat(status(vm, "never")).isEqualTo("gone");
        assertThat(status(vm, "doomed")).isEqualTo("gone");
        assertThat(status(vm, "kept")).isEqualTo("OK");
        assertThat(jdbc.sql("SELECT state FROM vm WHERE id = ?")
                        .param(vmId(vm))
                        .query(String.class)
                        .single())
                .isEqualTo("STOPPED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM task WHERE vm_id = ? AND state IN ('PENDING', 'STARTED')")
                        .param(vmId(vm))
                        .query(Long.class)
                        .single())
                .isZero();
        var rows = admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "order_by", "created"))
                .json()
                .path("result");
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of("order_by", "created"))))
                .containsExactly("kept", "taken");
        assertThat(Qemu.tags(image))
                .containsExactly(
                        "vs-" + rows.get(0).path("id").asLong(),
                        "vs-" + rows.get(1).path("id").asLong());
        assertThat(rows.get(1).path("size").isNumber()).isTrue();
        Qemu.check(image);
    }

    /**
     * A process killed inside a snapshot operation leaves leaked clusters in the image: the recovery of its task
     * repairs them before the disk takes new work, says so in the VM's task log, and the image checks clean.
     */
    @Test
    void restartRepairsTheImageAnInterruptedTaskLeftAndLogsTheRepair() throws Exception {
        String vm = deployVm("admin", 16);
        Path image = image(vm, 1);
        admin().stream("POST", "/vm/" + vm + "/snapshot/before/", Map.of()).expectFinal(200);
        Qemu.leakCluster(image);
        String interrupted = interruptedTask(vm, "SNAPSHOT_CREATE", "{}");

        recoverAndAwait(interrupted);

        Qemu.check(image);
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactly("before");
        var repaired = new java.util.ArrayList<String>();
        admin().get("/task/log/", Map.of("page", "1", "object_type", "vm", "object_name", vm))
                .json()
                .path("results")
                .forEach(e -> {
                    if (e.path("msg").asText().equals("Repair image of server's disk")) {
                        repaired.add(e.path("status").asText() + " "
                                + e.path("detail").asText());
                    }
                });
        assertThat(repaired).hasSize(1);
        assertThat(repaired.get(0))
                .startsWith("SUCCESS disk_id=1, leaked_clusters=1, leaks_fixed=1, errors=0, errors_fixed=0,");
    }

    /**
     * Interrupted tasks end with what is true after recovery: a create whose snapshot the image has succeeded, a
     * delete whose snapshot the image no longer has succeeded, a create that never reached the image failed and left
     * nothing. Each ends in the task log as it was submitted there.
     */
    @Test
    void restartEndsInterruptedTasksWithWhatTheImageSays() {
        String vm = deployVm("admin", 16);
        Path image = image(vm, 1);
        admin().stream("POST", "/vm/" + vm + "/snapshot/doomed/", Map.of()).expectFinal(200);
        long taken = intent(vm, "taken", "PENDING");
        assertThat(Qemu.run("qemu-img", "snapshot", "-c", "vs-" + taken, image.toString())
                        .exit())
                .isZero();
        String created = interruptedTask(vm, "SNAPSHOT_CREATE", "{\"snapname\": \"taken\", \"disk_id\": 1}");
        intent(vm, "never", "PENDING");
        String neverRan = interruptedTask(vm, "SNAPSHOT_CREATE", "{\"snapname\": \"never\", \"disk_id\": 1}");
        jdbc.sql("UPDATE snapshot SET status = 'DELETING' WHERE name = 'doomed' AND disk_id = ?")
                .param(diskId(vm))
                .update();
        String doomedTag = Qemu.tags(image).get(0);
        assertThat(Qemu.run("qemu-img", "snapshot", "-d", doomedTag, image.toString())
                        .exit())
                .isZero();
        String deleted = interruptedTask(vm, "SNAPSHOT_DELETE", "{\"snapname\": \"doomed\", \"disk_id\": 1}");

        recoverAndAwait(created, neverRan, deleted);

        assertThat(ending(created)).startsWith("SUCCESS").contains("Snapshot successfully created");
        assertThat(ending(deleted)).startsWith("SUCCESS").contains("Snapshot successfully deleted");
        assertThat(ending(neverRan)).startsWith("FAILURE").contains("Task interrupted by a restart of the service");
        assertThat(logOf(created)).containsExactly("PENDING", "SUCCESS");
        assertThat(logOf(neverRan)).containsExactly("PENDING", "FAILURE");
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactly("taken");
        assertThat(Qemu.tags(image)).containsExactly("vs-" + taken);
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the tests of running VMs share: the VM's real state, its QEMU process, the end of a task. */
abstract class RunningVmSupport extends IntegrationTest {
    @Autowired
    private JdbcClient jdbc;

    /** What the snapshot records of its consistency (Danube's snapshot object does not show it): "fsfreeze consistency". */
    protected String consistency(String vm, String name) {
        return jdbc.sql("SELECT s.fsfreeze, s.consistency FROM snapshot s JOIN vm v ON v.id = s.vm_id"
                        + " WHERE v.hostname = ? AND s.name = ?")
                .params(vm, name)
                .query((rs, i) -> rs.getBoolean(1) + " " + rs.getString(2))
                .single();
    }

    /** The VM's status as {@code GET /vm/<h>/status/} shows it. */
    protected String status(String vm) {
        return admin().get("/vm/" + vm + "/status/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("status")
                .asText();
    }

    /** The QEMU process vmsnap launched for the VM (its argv names the VM's uuid). */
    protected ProcessHandle qemuOf(String vm) {
        return GuestVms.qemuOf(this, vm);
    }

    /** Sends a signal (STOP, CONT, KILL...) to a process, the way an operator would with kill(1). */
    protected static void signal(String signal, ProcessHandle process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** Waits (Danube's {@code /done/} long poll) until the task has ended; returns its final status answer. */
    protected DanubeClient.Answer awaitTask(String taskId) {
        DanubeClient.Answer done = admin().get("/task/" + taskId + "/status/", Map.of());
        for (int i = 0; i < 600 && done.status() == 201; i++) {
            admin().get("/task/" + taskId + "/done/", Map.of());
            done = admin().get("/task/" + taskId + "/status/", Map.of());
        }
        return done;
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmsnap.it.guest.DataDisk;

/**
 * The proof on a real guest: the test guest (Debian kernel, busybox, qemu-guest-agent, ext4 data disk) booted by
 * vmsnap under QEMU. A file is written in the guest, snapshotted with a filesystem freeze, changed; the VM stops
 * with an ACPI power-down, the frozen snapshot's filesystem checks clean, a rollback and a new boot bring the old
 * contents back.
 */
@OnH2
class GuestSnapshotTest extends RunningVmSupport {
    @Test
    void frozenSnapshotOfARunningGuestRollsBackToTheOldContents() throws Exception {
        String vm = guestVm();
        start(vm);
        guest(vm, "echo before > /data/file.txt && sync && cat /data/file.txt", "before\n");

        JsonNode created = admin().stream(
                        "POST", "/vm/" + vm + "/snapshot/frozen/", Map.of("disk_id", "1", "fsfreeze", "true"))
                .expectFinal(200)
                .finalJson();
        assertThat(created.path("result").path("message").asText()).isEqualTo("Snapshot successfully created");
        assertThat(consistency(vm, "frozen"))
                .as("recorded as application-consistent")
                .isEqualTo("true frozen");

        guest(vm, "echo after > /data/file.txt && sync && cat /data/file.txt", "after\n");

        JsonNode stopped = admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("timeout", "120"))
                .expectFinal(200)
                .finalJson();
        assertThat(stopped.path("result").path("message").asText()).startsWith("Successfully completed stop");
        Path image = dataDir.resolve("adopt").resolve(vm.replace("vm-", "guest-") + ".qcow2");
        List<String> tags = Qemu.tags(image);
        assertThat(tags).hasSize(1);
        DataDisk.Fsck fsck = DataDisk.check(image, tags.get(0));
        assertThat(fsck.clean())
                .as("e2fsck of the frozen snapshot: " + fsck.output())
                .isTrue();
        assertThat(DataDisk.read(image, tags.get(0), "/file.txt")).isEqualTo("before\n");
        assertThat(DataDisk.read(image, "/file.txt")).isEqualTo("after\n");

        admin().stream("PUT", "/vm/" + vm + "/snapshot/frozen/", Map.of("disk_id", "1"))
                .expectFinal(200);
        start(vm);
        guest(vm, "cat /data/file.txt", "before\n");
        admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
        Qemu.check(image);
    }

    @Test
    void qemuKilledInTheMiddleOfAFrozenSnapshotFailsTheTaskCleanly() throws Exception {
        String vm = guestVm();
        start(vm);
        guest(vm, "echo kept > /data/kept.txt && sync && cat /data/kept.txt", "kept\n");
        ProcessHandle qemu = qemuOf(vm);
        signal("STOP", qemu); // QEMU (and its guest) stop answering mid-operation
        String taskId = admin().post("/vm/" + vm + "/snapshot/doomed/", Map.of("disk_id", "1", "fsfreeze", "true"))
                .expect(201)
                .json()
                .path("task_id")
                .asText();
        qemu.destroyForcibly();
        qemu.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        DanubeClient.Answer done = awaitTask(taskId);
        assertThat(done.status()).as(done.body()).isEqualTo(400);
        assertThat(status(vm)).isEqualTo("stopped");
        Path image = dataDir.resolve("adopt").resolve(vm.replace("vm-", "guest-") + ".qcow2");
        Qemu.check(image);
        assertThat(Qemu.tags(image))
                .as("the image agrees with the database: no snapshot")
                .isEmpty();
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()).expect(200)))
                .isEmpty();
        assertThat(DataDisk.read(image, "/kept.txt")).isEqualTo("kept\n");
    }

    private String guestVm() throws Exception {
        return GuestVms.create(this);
    }

    private void start(String vm) {
        admin().stream("PUT", "/vm/" + vm + "/status/start/", Map.of()).expectFinal(200);
    }

    /** Runs a shell command in the guest through its agent, the way an operator would, and checks its output. */
    private void guest(String vm, String script, String expectedOutput) throws Exception {
        GuestVms.sh(this, vm, script, expectedOutput);
    }
}

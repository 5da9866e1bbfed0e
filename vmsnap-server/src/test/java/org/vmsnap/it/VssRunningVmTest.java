package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.vmsnap.it.guest.DataDisk;

/**
 * VSS requests on a VM that runs. Without memory (real QEMU, no guest OS): the snapshot is taken live over QMP; a
 * revert needs the VM stopped and says so in VSS's shape; once stopped, the revert brings the disk back. With memory
 * (the test guest): the revert brings the VM back running in the saved state, whether it runs or was stopped.
 */
@ContextConfiguration(initializers = TestBackends.H2.class)
class VssRunningVmTest extends VssTest {
    @Autowired
    private JdbcClient jdbc;

    @Test
    void liveSnapshotThenRevertOnceStopped() {
        String vm = deployVm("admin", 32);
        Path image = image(vm, 1);
        Qemu.write(image, 0x3c, "0", "1M");
        admin().put("/vm/" + vm + "/define/runtime/", Map.of("ram", "96")).expect(200);
        admin().stream("PUT", "/vm/" + vm + "/status/start/", Map.of())
                .expect(201)
                .expectFinal(200);
        String moref = moref(vm);
        PyVss vss = vss();
        assertThat(vss.request("GET", "/v2/vm/" + moref, null)
                        .path("data")
                        .path("power_state")
                        .asText())
                .isEqualTo("poweredOn");

        long id = requestId(vss.createVmSnapshot(moref, "live", null, 1, true, false));
        JsonNode r = awaitStatus(vss, id, "SCHEDULED", "ERROR");
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SCHEDULED");
        assertThat(r.path("with_memory").asBoolean()).isFalse();
        assertThat(r.path("message").path("warnings").get(0).asText()).startsWith("Snapshot created SR-" + id);
        JsonNode snapshot = vss.getVmSnapshots(moref).get(0);
        assertThat(snapshot.path("power_state").asText()).isEqualTo("poweredOff");
        long snapId = snapshot.path("id").asLong();

        PyVss.VssError refused = VssPyvssReplayTest.catchVss(() -> vss.revertVmSnapshot(moref, snapId));
        assertThat(refused.status).isEqualTo(409);
        assertThat(refused.error).isEqualTo("Conflict");
        assertThat(refused.message).isEqualTo("vm not stopped");

        admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
        Qemu.write(image, 0x4d, "0", "1M");
        JsonNode revert = awaitStatus(vss, requestId(vss.revertVmSnapshot(moref, snapId)), "PROCESSED", "ERROR");
        assertThat(revert.path("status").asText()).as(revert.toString()).isEqualTo("PROCESSED");
        assertThat(Qemu.reads(image, 0x3c, "0", "1M")).isTrue();
        Qemu.check(image);
    }

    /**
     * A value that lives only in guest RAM (/run is a tmpfs), a file on the data disk and the raw second disk:
     * snapshotted with memory, changed, reverted live (the VM runs on with the old RAM and disks), changed again,
     * stopped, reverted again (the VM is started in the saved state), deleted live; the images check clean.
     */
    @Test
    void memorySnapshotRevertsTheRunningGuestAndStartsTheStoppedOne() throws Exception {
        String vm = GuestVms.create(this, 8);
        Path disk1 = GuestVms.image(this, vm);
        Path disk2 = image(vm, 2);
        Qemu.write(disk2, 0x5a, "0", "64k");
        admin().stream("PUT", "/vm/" + vm + "/status/start/", Map.of()).expectFinal(200);
        GuestVms.sh(this, vm, "echo old > /run/mem.txt && echo disk-old > /data/file.txt && sync", "");
        String moref = moref(vm);
        PyVss vss = vss();

        JsonNode created = awaitStatus(
                vss, requestId(vss.createVmSnapshot(moref, "with ram", null, 2, true, true)), "SCHEDULED", "ERROR");
        assertThat(created.path("status").asText()).as(created.toString()).isEqualTo("SCHEDULED");
        assertThat(created.path("message").path("warnings").get(0).asText())
                .startsWith("Snapshot created SR-" + created.path("id").asLong() + " (2 disks)");
        JsonNode snapshot = vss.getVmSnapshots(moref).get(0);
        assertThat(snapshot.path("power_state").asText()).isEqualTo("poweredOn");
        assertThat(snapshot.path("consistency").asText()).isEqualTo("memory");
        long snapId = snapshot.path("id").asLong();
        List<String> tags = jdbc.sql("SELECT s.tag FROM snapshot s JOIN vm v ON v.id = s.vm_id WHERE v.hostname = ?"
                        + " AND s.consistency = 'memory' ORDER BY s.disk_id")
                .param(vm)
                .query(String.class)
                .list();
        assertThat(tags).as("one tag on both disks").hasSize(2).containsOnly("vs-" + snapId);

        GuestVms.sh(
                this,
                vm,
                "echo new > /run/mem.txt && echo disk-new > /data/file.txt"
                        + " && dd if=/dev/zero of=/dev/vdb bs=64k count=1 2>/dev/null && sync && cat /run/mem.txt",
                "new\n");
        JsonNode live = awaitStatus(vss, requestId(vss.revertVmSnapshot(moref, snapId)), "PROCESSED", "ERROR");
        assertThat(live.path("status").asText()).as(live.toString()).isEqualTo("PROCESSED");
        assertThat(powerState(vss, moref)).isEqualTo("poweredOn");
        GuestVms.sh(this, vm, "cat /run/mem.txt /data/file.txt", "old\ndisk-old\n");

        GuestVms.sh(this, vm, "echo newer > /run/mem.txt", "");
        admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
        assertThat(Qemu.tags(disk1)).containsExactly("vs-" + snapId);
        assertThat(Qemu.tags(disk2)).containsExactly("vs-" + snapId);
        assertThat(vss.getVmSnapshot(moref, snapId).path("size_gb").asDouble())
                .as("the saved memory (about 100 MB of a 256 MB guest) counts in the size")
                .isGreaterThan(0.03);
        JsonNode started = awaitStatus(vss, requestId(vss.revertVmSnapshot(moref, snapId)), "PROCESSED", "ERROR");
        assertThat(started.path("status").asText()).as(started.toString()).isEqualTo("PROCESSED");
        assertThat(powerState(vss, moref)).isEqualTo("poweredOn");
        GuestVms.sh(this, vm, "cat /run/mem.txt /data/file.txt", "old\ndisk-old\n");

        JsonNode deleted = awaitStatus(vss, requestId(vss.deleteVmSnapshot(moref, snapId)), "PROCESSED", "ERROR");
        assertThat(deleted.path("status").asText()).as(deleted.toString()).isEqualTo("PROCESSED");
        admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
        assertThat(Qemu.tags(disk1)).isEmpty();
        assertThat(Qemu.tags(disk2)).isEmpty();
        Qemu.check(disk1);
        Qemu.check(disk2);
        assertThat(DataDisk.read(disk1, "/file.txt")).isEqualTo("disk-old\n");
        assertThat(Qemu.reads(disk2, 0x5a, "0", "64k")).as("disk 2 reverted").isTrue();
    }

    private static String powerState(PyVss vss, String moref) {
        return vss.request("GET", "/v2/vm/" + moref, null)
                .path("data")
                .path("power_state")
                .asText();
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/**
 * VSS requests on a VM that runs (real QEMU, no guest OS): the snapshot is taken live over QMP; a revert needs the
 * VM stopped and says so in VSS's shape; once stopped, the revert brings the disk back.
 */
@ContextConfiguration(initializers = TestBackends.H2.class)
class VssRunningVmTest extends VssTest {

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

        long id = requestId(vss.createVmSnapshot(moref, "live", null, 1, true, true));
        JsonNode r = awaitStatus(vss, id, "SCHEDULED", "ERROR");
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SCHEDULED");
        assertThat(r.path("with_memory").asBoolean()).isTrue();
        assertThat(r.path("message").path("warnings").get(0).asText())
                .isEqualTo("with_memory: the memory state of running VMs is not saved yet; disks only");
        long snapId = vss.getVmSnapshots(moref).get(0).path("id").asLong();

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
}

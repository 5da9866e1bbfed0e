package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data behind CloudSigma's drives is real: snapshots keep old bytes, clones are independent copies. */
@OnH2
class CloudSigmaDataTest extends CloudSigmaTestBase {
    private static final Map<String, Object> DRIVE = Map.of("name", "data", "size", 64L * 1024 * 1024, "media", "disk");

    private Path image(String driveUuid) {
        return dataDir.toAbsolutePath().normalize().resolve("images").resolve(driveUuid + ".qcow2");
    }

    @Test
    void cloneReadsTheSnapshotWhileTheDriveReadsWhatWasWrittenSince() {
        CloudSigmaClient cs = account("data");
        String drive = createDrive(cs, DRIVE);
        Path image = image(drive);
        assertThat(image).exists();
        Qemu.write(image, 0xaa, "0", "2M");

        JsonNode snap = snapshot(cs, Map.of("drive", drive, "name", "before"));
        String snapUuid = snap.path("uuid").asText();
        JsonNode taken = cs.get("snapshots/" + snapUuid + "/").expect(200).json();
        assertThat(taken.path("allocated_size").asLong()).isZero();
        assertThat(Qemu.tags(image)).hasSize(1);

        Qemu.write(image, 0xbb, "0", "1M");
        // allocated_size is what changed on the drive since the snapshot; the core measures it after each change
        // to the snapshot set, so take and drop a second snapshot to have it measured now.
        String probe = snapshot(cs, Map.of("drive", drive)).path("uuid").asText();
        cs.delete("snapshots/" + probe + "/").expect(204);
        cs.awaitGone("snapshots/" + probe + "/");
        JsonNode measured = cs.get("snapshots/" + snapUuid + "/").expect(200).json();
        assertThat(measured.path("allocated_size").asLong()).isEqualTo(1024 * 1024);
        JsonNode d = cs.get("drives/" + drive + "/").expect(200).json();
        assertThat(d.path("runtime").path("snapshots_allocated_size").asLong()).isEqualTo(1024 * 1024);

        JsonNode cloned = cs.post("snapshots/" + snapUuid + "/action/?do=clone", Map.of())
                .expect(202)
                .json();
        String clone = cloned.path("uuid").asText();
        assertThat(cloned.path("name").asText()).isEqualTo("before");
        cs.awaitStatus("drives/" + clone + "/", "unmounted");
        Path cloneImage = image(clone);

        assertThat(Qemu.reads(cloneImage, 0xaa, "0", "2M")).isTrue();
        assertThat(Qemu.reads(image, 0xbb, "0", "1M")).isTrue();
        assertThat(Qemu.reads(image, 0xaa, "1M", "1M")).isTrue();
        assertThat(Qemu.tags(cloneImage)).isEmpty();
        JsonNode cloneDrive = cs.get("drives/" + clone + "/").expect(200).json();
        assertThat(cloneDrive.path("snapshots")).isEmpty();
        assertThat(cloneDrive.path("size").asLong()).isEqualTo(64L * 1024 * 1024);

        // Independent: writing the clone does not touch the drive or its snapshot.
        Qemu.write(cloneImage, 0xcc, "0", "1M");
        assertThat(Qemu.reads(image, 0xbb, "0", "1M")).isTrue();
        Qemu.check(image);
        Qemu.check(cloneImage);

        // Deleting the source drive takes its snapshots and image; the clone stays.
        cs.delete("drives/" + drive + "/").expect(204);
        cs.awaitGone("drives/" + drive + "/");
        // the drive answers 404 from the moment it is marked for deletion; its task removes the image after
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (Files.exists(image) && java.time.Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // a poll; the deadline decides
        }
        assertThat(Files.exists(image)).isFalse();
        cs.get("snapshots/" + snapUuid + "/").expectError(404, "notexist");
        assertThat(Qemu.reads(cloneImage, 0xaa, "1M", "1M")).isTrue();
    }

    @Test
    void snapshotOfAVmDiskIsVisibleAsADriveSnapshot() {
        // Drives are the core's disks: the Danube front door's VM disks appear as drives of their owner.
        String vm = deployVm("admin", 16);
        CloudSigmaClient cs = CloudSigmaClient.basic(endpoint(), "admin@localhost", ADMIN_PASSWORD);
        String diskUuid = admin().get("/vm/" + vm + "/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("disks")
                .get(0)
                .path("uuid")
                .asText();
        JsonNode drive = cs.get("drives/" + diskUuid + "/").expect(200).json();
        assertThat(drive.path("status").asText()).isEqualTo("unmounted");
        assertThat(drive.path("mounted_on").get(0).path("uuid").asText()).isNotEmpty();
        admin().stream("POST", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        JsonNode listed =
                cs.get("snapshots/?limit=0&drive=" + diskUuid).expect(200).json();
        assertThat(listed.path("objects").get(0).path("name").asText()).isEqualTo("s1");
        JsonNode snap = snapshot(cs, Map.of("drive", diskUuid, "name", "from-cloudsigma"));
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of("disk_id", "1"))))
                .contains("s1", "from-cloudsigma");
        cs.delete("drives/" + diskUuid + "/").expectError(403, "permission");
        assertThat(Qemu.tags(image(vm, 1))).hasSize(2);
        assertThat(snap.path("drive").path("uuid").asText()).isEqualTo(diskUuid);
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.vmsnap.inventory.DriveService;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.task.TaskService;

/**
 * What a restart finds after a crash in the middle of a drive's creation, clone or deletion: the rows and files
 * such a crash leaves are written here directly, then the start-up recovery steps run as {@code Startup} runs them.
 */
@OnH2
// no periodic orphan sweep: the rows written below must be settled only by the start-up steps this test runs, not
// by a sweep that takes some of them in between (both settling one orphan made the test fail now and then)
@TestPropertySource(properties = "vmsnap.replica.sweep-millis=0")
class CloudSigmaRecoveryTest extends CloudSigmaTestBase {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskService tasks;

    @Autowired
    InventoryService inventory;

    @Autowired
    SnapshotService snapshots;

    @Autowired
    DriveService drives;

    private Path image(String uuid) {
        return dataDir.toAbsolutePath().normalize().resolve("images").resolve(uuid + ".qcow2");
    }

    @Test
    void interruptedCreateCloneAndDeleteAreSettledAtStart() throws Exception {
        CloudSigmaClient cs = CloudSigmaClient.basic(endpoint(), "admin@localhost", ADMIN_PASSWORD);
        String source = createDrive(cs, Map.of("name", "src", "size", 16777216, "media", "disk"));
        Qemu.write(image(source), 0x11, "0", "1M");
        String snap = snapshot(cs, Map.of("drive", source, "name", "keep"))
                .path("uuid")
                .asText();
        String doomed = createDrive(cs, Map.of("name", "doomed", "size", 16777216, "media", "disk"));
        String doomedSnap = snapshot(cs, Map.of("drive", doomed)).path("uuid").asText();

        // A clone that died while qemu-img was writing its staging file.
        String cloneTarget = UUID.randomUUID().toString();
        long cloneId = insertDisk(cloneTarget, "CLONING");
        Path staging = image(cloneTarget).resolveSibling("." + cloneTarget + ".qcow2.restore");
        Files.writeString(staging, "partial");
        insertTask("DRIVE_CLONE", diskId(source) + "," + cloneId);
        // A creation that died after qemu-img made the file.
        String creating = UUID.randomUUID().toString();
        long creatingId = insertDisk(creating, "CREATING");
        Files.writeString(image(creating), "partial");
        insertTask("DRIVE_CREATE", String.valueOf(creatingId));
        // A deletion that died before the image went.
        jdbc.sql("UPDATE disk SET status = 'DELETING' WHERE uuid = ?")
                .param(doomed)
                .update();
        insertTask("DRIVE_DELETE", String.valueOf(diskId(doomed)));

        tasks.settleOrphans(
                task -> { // as Startup does
                    inventory.recover(task);
                    snapshots.recover(task);
                    drives.recover(task);
                });

        cs.get("drives/" + cloneTarget + "/").expectError(404, "notexist");
        cs.get("drives/" + creating + "/").expectError(404, "notexist");
        cs.get("drives/" + doomed + "/").expectError(404, "notexist");
        cs.get("snapshots/" + doomedSnap + "/").expectError(404, "notexist");
        assertThat(Files.exists(staging)).isFalse();
        assertThat(Files.exists(image(cloneTarget))).isFalse();
        assertThat(Files.exists(image(creating))).isFalse();
        assertThat(Files.exists(image(doomed))).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM disk WHERE uuid IN (?, ?, ?)")
                        .params(cloneTarget, creating, doomed)
                        .query(Long.class)
                        .single())
                .isZero();
        // The source is untouched and can still be cloned.
        assertThat(cs.get("snapshots/" + snap + "/")
                        .expect(200)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("available");
        String clone = cs.post("snapshots/" + snap + "/action/?do=clone", Map.of())
                .expect(202)
                .json()
                .path("uuid")
                .asText();
        cs.awaitStatus("drives/" + clone + "/", "unmounted");
        assertThat(Qemu.reads(image(clone), 0x11, "0", "1M")).isTrue();
        assertThat(tasks.settleOrphans(task -> {})).isEmpty();
    }

    private long diskId(String uuid) {
        return jdbc.sql("SELECT id FROM disk WHERE uuid = ?")
                .param(uuid)
                .query(Long.class)
                .single();
    }

    private long insertDisk(String uuid, String status) {
        long owner = jdbc.sql("SELECT id FROM app_user WHERE username = 'admin'")
                .query(Long.class)
                .single();
        jdbc.sql("""
                        INSERT INTO disk (uuid, name, owner_id, size_bytes, media, status, image_path, adopted, created_at)
                        VALUES (?, 'crashed', ?, 16777216, 'disk', ?, ?, FALSE, ?)""")
                .params(uuid, owner, status, image(uuid).toString(), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        return diskId(uuid);
    }

    private void insertTask(String kind, String diskIds) {
        String id = "1e1d1-" + UUID.randomUUID().toString().substring(0, 23);
        jdbc.sql("""
                        INSERT INTO task (id, callback_key, uuid, kind, state, user_id, owner_id, dc_id, vm_id,
                                          disk_ids, params, created_at)
                        VALUES (?, ?, ?, ?, 'PENDING', 1, 1, 1, NULL, ?, '{}', ?)""")
                .params(
                        id,
                        UUID.randomUUID().toString().replace("-", ""),
                        UUID.randomUUID().toString(),
                        kind,
                        diskIds,
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }
}

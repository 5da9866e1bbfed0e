package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmsnap.storage.qcow2.metadata.Qcow2MetadataReader;
import org.vmsnap.storage.qcow2.metadata.Qcow2Usage;
import org.vmsnap.storage.qcow2.metadata.SnapshotUsage;

/** The snapshot life cycle through the Danube API on real qcow2 images; run on each database. */
abstract class SnapshotLifecycleContract extends IntegrationTest {

    private DanubeClient.Answer create(String vm, String name) {
        return admin().stream("POST", "/vm/" + vm + "/snapshot/" + name + "/", Map.of("disk_id", "1"))
                .expect(201)
                .expectFinal(200);
    }

    @Test
    void rollbackGivesTheOldBytesBack() {
        String vm = deployVm("admin", 64);
        Path image = image(vm, 1);
        Qemu.write(image, 0xaa, "0", "1M");
        DanubeClient.Answer created = create(vm, "s1");
        assertThat(created.finalJson().path("result").path("message").asText())
                .isEqualTo("Snapshot successfully created");
        Qemu.write(image, 0xbb, "0", "1M");
        assertThat(Qemu.reads(image, 0xaa, "0", "1M")).isFalse();

        DanubeClient.Answer rolled = admin().stream("PUT", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"));
        rolled.expect(201).expectFinal(200);
        assertThat(rolled.finalJson().path("result").path("message").asText())
                .isEqualTo("Snapshot successfully restored");
        assertThat(Qemu.reads(image, 0xaa, "0", "1M")).isTrue();
        assertThat(snapshot(vm, "s1").path("status").asInt()).isEqualTo(1);
        assertThat(admin().get("/vm/" + vm + "/status/", Map.of())
                        .json()
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("stopped");
        Qemu.check(image);
    }

    @Test
    void forceDiscardsNewerSnapshotsAndNoForceRefuses() {
        String vm = deployVm("admin", 64);
        Path image = image(vm, 1);
        create(vm, "s1");
        create(vm, "s2");
        admin().put("/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1", "force", false))
                .expect(417)
                .json();
        assertThat(admin().put("/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1", "force", "false"))
                        .expect(417)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("VM has more recent snapshots");

        admin().stream("PUT", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactly("s1");
        assertThat(Qemu.tags(image))
                .containsExactly("vs-" + snapshot(vm, "s1").path("id").asLong());
    }

    @Test
    void restoreCopiesTheSnapshotIntoAnotherVmsDisk() {
        String source = deployVm("admin", 64);
        String target = deployVm("admin", 64);
        String small = deployVm("admin", 32);
        Path sourceImage = image(source, 1);
        Path targetImage = image(target, 1);
        Qemu.write(sourceImage, 0xaa, "0", "2M");
        create(source, "s1");
        Qemu.write(sourceImage, 0xbb, "0", "2M");
        Qemu.write(targetImage, 0xcc, "0", "2M");
        create(target, "t1");

        Map<String, Object> toTarget = Map.of("disk_id", "1", "target_hostname_or_uuid", target, "target_disk_id", "1");
        var refused = new java.util.HashMap<String, Object>(toTarget);
        refused.put("force", false);
        assertThat(admin().put("/vm/" + source + "/snapshot/s1/", refused)
                        .expect(417)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Target VM has snapshots");
        var mismatch = Map.of("disk_id", "1", "target_hostname_or_uuid", small, "target_disk_id", "1");
        assertThat(admin().put("/vm/" + source + "/snapshot/s1/", mismatch)
                        .expect(428)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Disk size mismatch");

        admin().stream("PUT", "/vm/" + source + "/snapshot/s1/", toTarget)
                .expect(201)
                .expectFinal(200);
        assertThat(Qemu.reads(targetImage, 0xaa, "0", "2M")).isTrue();
        assertThat(Qemu.reads(sourceImage, 0xbb, "0", "2M")).isTrue();
        assertThat(names(admin().get("/vm/" + target + "/snapshot/", Map.of()))).isEmpty();
        assertThat(Qemu.tags(targetImage)).isEmpty();
        assertThat(names(admin().get("/vm/" + source + "/snapshot/", Map.of()))).containsExactly("s1");
        Qemu.check(targetImage);
    }

    @Test
    void sizeIsWhatDeletingTheSnapshotFrees() throws Exception {
        String vm = deployVm("admin", 64);
        Path image = image(vm, 1);
        Qemu.write(image, 0xaa, "0", "4M");
        create(vm, "s1");
        assertThat(snapshot(vm, "s1").path("size").isNumber())
                .as("size known right after create")
                .isTrue();
        Qemu.write(image, 0xbb, "0", "1M");
        create(vm, "s2");

        long s1 = snapshot(vm, "s1").path("size").asLong();
        long s1Id = snapshot(vm, "s1").path("id").asLong();
        Qcow2Usage before = Qcow2MetadataReader.read(image);
        SnapshotUsage measured = before.snapshots().stream()
                .filter(s -> s.name().equals("vs-" + s1Id))
                .findFirst()
                .orElseThrow();
        assertThat(s1).isEqualTo(measured.exclusiveBytes()).isGreaterThanOrEqualTo(1024 * 1024);

        admin().stream("DELETE", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        Qcow2Usage after = Qcow2MetadataReader.read(image);
        assertThat((before.usedClusters() - after.usedClusters()) * before.clusterSize())
                .isEqualTo(s1);
    }

    @Test
    void syncMarksLostAndAdoptsFoundSnapshots() {
        String vm = deployVm("admin", 64);
        Path image = image(vm, 1);
        create(vm, "s1");
        create(vm, "s2");
        String s1Tag = "vs-" + snapshot(vm, "s1").path("id").asLong();
        assertThat(Qemu.run("qemu-img", "snapshot", "-d", s1Tag, image.toString())
                        .exit())
                .isZero();
        assertThat(Qemu.run("qemu-img", "snapshot", "-c", "vs-999999", image.toString())
                        .exit())
                .isZero();

        DanubeClient.Answer synced = admin().stream("PUT", "/vm/" + vm + "/snapshot/", Map.of("disk_id", "1"));
        synced.expectFinal(200);
        assertThat(synced.finalJson().path("result").path("message").asText())
                .isEqualTo("Snapshots successfully synced; WARNING: 1 snapshot(s) lost; WARNING: 1 snapshot(s) found");
        assertThat(snapshot(vm, "s1").path("status").asInt()).isEqualTo(4);
        JsonNode found = snapshot(vm, "vs-999999");
        assertThat(found.path("status").asInt()).isEqualTo(1);
        assertThat(found.path("note").asText()).isEqualTo("Found by snapshot sync");

        DanubeClient.Answer dropped = admin().delete("/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"))
                .expect(200);
        assertThat(dropped.json().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(dropped.json().path("result").path("message").asText())
                .isEqualTo("Snapshot successfully deleted from DB");
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of())))
                .containsExactlyInAnyOrder("s2", "vs-999999");
    }

    @Test
    void deleteManyDeletesTheNamedOnesAndIgnoresUnknownNames() {
        String vm = deployVm("admin", 64);
        Path image = image(vm, 1);
        create(vm, "s1");
        create(vm, "s2");
        create(vm, "s3");
        String path = "/vm/" + vm + "/snapshot/";
        assertThat(admin().delete(path, Map.of("disk_id", "1", "snapnames", List.of()))
                        .expect(412)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Invalid snapnames");
        assertThat(admin().delete(path, Map.of("snapnames", List.of("nope")))
                        .expect(404)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Snapshot not found");

        DanubeClient.Answer deleted =
                admin().stream("DELETE", path, Map.of("disk_id", "1", "snapnames", List.of("s1", "s3", "nope")));
        deleted.expect(201).expectFinal(200);
        assertThat(deleted.finalJson().path("result").path("message").asText())
                .isEqualTo("Snapshots successfully deleted");
        assertThat(names(admin().get(path, Map.of()))).containsExactly("s2");
        assertThat(Qemu.tags(image))
                .containsExactly("vs-" + snapshot(vm, "s2").path("id").asLong());
        Qemu.check(image);
    }

    @Test
    void noteUpdateIsSynchronousAndValidated() {
        String vm = deployVm("admin", 64);
        create(vm, "s1");
        String path = "/vm/" + vm + "/snapshot/s1/";
        DanubeClient.Answer updated =
                admin().put(path, Map.of("disk_id", "1", "note", "kept for audit", "force", "true"));
        updated.expect(200);
        assertThat(updated.json().path("result").path("note").asText()).isEqualTo("kept for audit");
        assertThat(admin().put(path, Map.of("note", "<b>"))
                        .expect(400)
                        .json()
                        .path("result")
                        .path("note")
                        .get(0)
                        .asText())
                .isEqualTo("Invalid value.");
        assertThat(snapshot(vm, "s1").path("note").asText()).isEqualTo("kept for audit");
    }
}

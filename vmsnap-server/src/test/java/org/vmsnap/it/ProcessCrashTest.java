package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: the server process (and its qemu-img child) is killed with SIGKILL in the middle of a restore, then
 * a new process starts on the same data directory. The task must end failed, the VMs usable, the images clean and
 * unchanged, and the database in agreement with them.
 */
class ProcessCrashTest {
    private static final String PASSWORD = "crash-test-pw";

    @TempDir
    Path root;

    private Path data;

    @org.junit.jupiter.api.BeforeEach
    void dataDir() {
        data = root.resolve("data");
    }

    private ServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private static Path imageOf(DanubeClient c, Path data, String vm) {
        String uuid = c.get("/vm/" + vm + "/", Map.of())
                .json()
                .path("result")
                .path("disks")
                .get(0)
                .path("uuid")
                .asText();
        return data.resolve("images").resolve(uuid + ".qcow2");
    }

    /** Defines and deploys the VMs src and dst, a 1 GiB disk each. */
    private static void deployPair(DanubeClient admin) {
        for (String vm : List.of("src", "dst")) {
            admin.post("/vm/" + vm + "/define/", Map.of()).expect(201);
            admin.post("/vm/" + vm + "/define/disk/1/", Map.of("size", "1024")).expect(201);
            admin.stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
        }
    }

    /** Where a restore writes its copy before it replaces the target image. */
    private static Path staging(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".restore");
    }

    /** Starts restoring src's snapshot s1 into dst; returns its task id once the copy has begun. */
    private String restoreUnderWay(DanubeClient admin) {
        var started =
                admin.put("/vm/src/snapshot/s1/", Map.of("target_hostname_or_uuid", "dst", "target_disk_id", "1"));
        started.expect(201);
        Path staging = staging(imageOf(admin, data, "dst"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(staging) && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // poll for the copy to begin
        }
        assertThat(Files.exists(staging)).as("the copy started").isTrue();
        return started.json().path("task_id").asText();
    }

    @Test
    void killedMidRestoreRecoversOnTheNextStart() throws Exception {
        server = ServerProcess.start(data, Map.of("VMSNAP_ADMIN_PASSWORD", PASSWORD));
        DanubeClient admin = server.client().login("admin", PASSWORD);
        deployPair(admin);
        Path src = imageOf(admin, data, "src");
        Path dst = imageOf(admin, data, "dst");
        Qemu.write(src, 0xaa, "0", "768M");
        Qemu.write(dst, 0xcc, "0", "1M");
        admin.stream("POST", "/vm/src/snapshot/s1/", Map.of()).expectFinal(200);
        admin.stream("POST", "/vm/dst/snapshot/d1/", Map.of()).expectFinal(200);

        String taskId = restoreUnderWay(admin);
        Path staging = staging(dst);
        server.kill();

        server = ServerProcess.start(data, Map.of("VMSNAP_ADMIN_PASSWORD", PASSWORD));
        admin = server.client().login("admin", PASSWORD);
        var status =
                admin.get("/task/" + taskId + "/status/", Map.of()).expect(400).json();
        InterruptedRestore.assertSettled(admin, status, staging, dst);
        Qemu.check(src);
        var dstSnapshots =
                admin.get("/vm/dst/snapshot/", Map.of("full", "true")).json().path("result");
        assertThat(dstSnapshots).hasSize(1);
        assertThat(dstSnapshots.get(0).path("status").asInt()).isEqualTo(1);
        assertThat(Qemu.tags(dst))
                .containsExactly("vs-" + dstSnapshots.get(0).path("id").asLong());
        var srcSnapshot = admin.get("/vm/src/snapshot/s1/", Map.of()).json().path("result");
        assertThat(srcSnapshot.path("status").asInt()).isEqualTo(1);
        assertThat(Qemu.tags(src))
                .containsExactly("vs-" + srcSnapshot.path("id").asLong());

        admin.stream("PUT", "/vm/src/snapshot/s1/", Map.of("target_hostname_or_uuid", "dst", "target_disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.reads(dst, 0xaa, "0", "768M"))
                .as("a retried restore completes")
                .isTrue();
        try (Stream<Path> left = Files.list(data.resolve("images"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith(".")))
                    .isEmpty();
        }
    }

    /**
     * A normal stop (SIGTERM, as systemd sends) in the middle of a restore: the server takes no new request, lets the
     * copy end, then exits; the next start finds nothing to recover and the task ended successfully.
     */
    @Test
    void aNormalStopLetsTheRunningRestoreEndAndLeavesNothingToRecover() throws Exception {
        List<String> options = List.of("--vmsnap.shutdown.grace=PT45S");
        server = ServerProcess.start(data, Map.of("VMSNAP_ADMIN_PASSWORD", PASSWORD), options);
        DanubeClient admin = server.client().login("admin", PASSWORD);
        deployPair(admin);
        Path src = imageOf(admin, data, "src");
        Path dst = imageOf(admin, data, "dst");
        Qemu.write(src, 0xaa, "0", "768M");
        admin.stream("POST", "/vm/src/snapshot/s1/", Map.of()).expectFinal(200);
        String taskId = restoreUnderWay(admin);
        Path staging = staging(dst);

        server.stop();
        String stopped = server.output();
        assertThat(stopped).doesNotContain("still running after the shutdown grace");

        server = ServerProcess.start(data, Map.of(), options);
        admin = server.client().login("admin", PASSWORD);
        assertThat(admin.get("/task/" + taskId + "/status/", Map.of()).status())
                .as("the restore ended before the stop, successfully")
                .isEqualTo(200);
        assertThat(server.output()).doesNotContain("was interrupted");
        assertThat(Qemu.reads(dst, 0xaa, "0", "768M")).isTrue();
        assertThat(Files.exists(staging)).isFalse();
        Qemu.check(dst);
    }
}

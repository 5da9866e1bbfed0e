package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * VMs that run: a real {@code qemu-system-x86_64} (no guest OS needed: QEMU takes the snapshots) started and stopped
 * through the Danube API; snapshots of the running VM go through its QMP monitor while QEMU holds the image.
 */
@OnH2
class RunningVmTest extends RunningVmSupport {

    private String runningVm() {
        String vm = deployVm("admin", 32);
        admin().put("/vm/" + vm + "/define/runtime/", Map.of("ram", "96")).expect(200);
        JsonNode started = admin().stream("PUT", "/vm/" + vm + "/status/start/", Map.of())
                .expect(201)
                .expectFinal(200)
                .finalJson();
        assertThat(started.path("result").path("message").asText()).isEqualTo("Successfully started VM " + vm);
        assertThat(status(vm)).isEqualTo("running");
        return vm;
    }

    @Test
    void snapshotsOfARunningVmGoThroughItsQemuAndGetTheirSizesWhenItStops() {
        String vm = runningVm();
        Path image = image(vm, 1);
        assertThat(Qemu.run("qemu-io", "-f", "qcow2", "-c", "read 0 4k", image.toString())
                        .output())
                .as("QEMU holds the image")
                .contains("lock");

        JsonNode created = admin().stream("POST", "/vm/" + vm + "/snapshot/live1/", Map.of("disk_id", "1"))
                .expectFinal(200)
                .finalJson();
        assertThat(created.path("result").path("message").asText()).isEqualTo("Snapshot successfully created");
        assertThat(snapshot(vm, "live1").path("status").asInt()).isEqualTo(1);
        assertThat(snapshot(vm, "live1").path("size").isNull())
                .as("size comes when the VM stops")
                .isTrue();

        // no guest agent answers (no guest OS): the snapshot is still taken, and says it is only crash-consistent
        JsonNode frozen = admin().stream(
                        "POST", "/vm/" + vm + "/snapshot/live2/", Map.of("disk_id", "1", "fsfreeze", "true"))
                .expectFinal(200)
                .finalJson();
        assertThat(frozen.path("result").path("message").asText())
                .isEqualTo("Snapshot successfully created (filesystem freeze failed)");
        assertThat(consistency(vm, "live2"))
                .as("recorded as crash-consistent only")
                .isEqualTo("false crash");

        assertThat(admin().put("/vm/" + vm + "/snapshot/live1/", Map.of("disk_id", "1"))
                        .expect(423)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("VM is not stopped");
        JsonNode synced = admin().stream("PUT", "/vm/" + vm + "/snapshot/", Map.of("disk_id", "1"))
                .expectFinal(200)
                .finalJson();
        assertThat(synced.path("result").path("message").asText()).isEqualTo("Snapshots successfully synced");

        admin().stream("DELETE", "/vm/" + vm + "/snapshot/live1/", Map.of("disk_id", "1"))
                .expectFinal(200);

        // no guest to answer ACPI: the stop falls back to a hard stop after the timeout
        JsonNode stopped = admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("timeout", "1"))
                .expectFinal(200)
                .finalJson();
        assertThat(stopped.path("result").path("message").asText())
                .isEqualTo("Successfully completed stop for VM " + vm);
        assertThat(status(vm)).isEqualTo("stopped");
        assertThat(Qemu.tags(image)).hasSize(1);
        assertThat(snapshot(vm, "live2").path("size").isNull()).isFalse();
        Qemu.check(image);

        assertThat(admin().put("/vm/" + vm + "/status/stop/", Map.of())
                        .expect(417)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Bad action");
    }

    @Test
    void qemuKilledInTheMiddleOfASnapshotLeavesAStoppedVmAndAgreement() throws Exception {
        String vm = runningVm();
        Path image = image(vm, 1);
        ProcessHandle qemu = qemuOf(vm);

        signal("STOP", qemu); // QEMU stops answering: the snapshot task waits on its monitor
        String taskId = admin().post("/vm/" + vm + "/snapshot/doomed/", Map.of("disk_id", "1"))
                .expect(201)
                .json()
                .path("task_id")
                .asText();
        qemu.destroyForcibly();
        qemu.onExit().get(30, TimeUnit.SECONDS);

        DanubeClient.Answer done = awaitTask(taskId);
        assertThat(done.status()).as(done.body()).isEqualTo(400);
        assertThat(status(vm)).isEqualTo("stopped");
        Qemu.check(image);
        assertThat(Qemu.tags(image)).isEmpty();
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of("disk_id", "1"))
                        .expect(200)))
                .isEmpty();

        // and the VM starts again
        admin().stream("PUT", "/vm/" + vm + "/status/start/", Map.of()).expectFinal(200);
        admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
    }

    /**
     * A guest whose agent never answers (its channel open, nothing behind it): the snapshot is taken at once with
     * the freeze reported failed, after a single short ping: no freeze or thaw is sent, and it does not wait out the
     * freeze timeout three times over (sync, freeze, thaw) as it did.
     */
    @Test
    void aSilentGuestAgentIsPingedOnceAndTheSnapshotIsTakenUnfrozen() throws Exception {
        String vm = deployVm("admin", 32);
        Path image = image(vm, 1);
        Path dir = java.nio.file.Files.createTempDirectory("vmsnap-silent");
        Path qmp = dir.resolve("qmp.sock");
        Path qga = dir.resolve("qga.sock");
        java.util.List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        java.nio.channels.ServerSocketChannel agent =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        agent.bind(java.net.UnixDomainSocketAddress.of(qga));
        Thread listener = new Thread(() -> {
            while (agent.isOpen()) {
                try (java.nio.channels.SocketChannel client = agent.accept()) {
                    connections.incrementAndGet();
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4096);
                    while (client.read(buf.clear()) > 0) {
                        heard.add(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        listener.setDaemon(true);
        listener.start();
        Process external = externalQemu(image, qmp, dir);
        try {
            admin().put(
                            "/vm/" + vm + "/define/runtime/",
                            Map.of("qmp_socket", qmp.toString(), "qga_socket", qga.toString()))
                    .expect(200);
            assertThat(status(vm)).as("read from its QMP monitor").isEqualTo("running");
            JsonNode done = admin().stream(
                            "POST", "/vm/" + vm + "/snapshot/quiet/", Map.of("disk_id", "1", "fsfreeze", true))
                    .expectFinal(200)
                    .finalJson();
            assertThat(done.path("result").path("message").asText())
                    .isEqualTo("Snapshot successfully created (filesystem freeze failed)");
            assertThat(consistency(vm, "quiet")).endsWith(" crash");
            assertThat(connections.get())
                    .as("one connection to the agent, for the ping")
                    .isEqualTo(1);
            assertThat(String.join("", heard))
                    .contains("guest-sync")
                    .doesNotContain("guest-fsfreeze-freeze")
                    .doesNotContain("guest-fsfreeze-thaw");
        } finally {
            external.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            agent.close();
        }
        assertThat(Qemu.tags(image)).hasSize(1);
    }

    /** A QEMU something else runs (no guest OS: QEMU takes the snapshots), its monitor at {@code qmp}. */
    private static Process externalQemu(Path image, Path qmp, Path dir) throws Exception {
        Process external = new ProcessBuilder(
                        "qemu-system-x86_64",
                        "-machine",
                        "q35",
                        "-accel",
                        "tcg",
                        "-m",
                        "64",
                        "-nodefaults",
                        "-no-user-config",
                        "-display",
                        "none",
                        "-chardev",
                        "socket,id=m,path=" + qmp + ",server=on,wait=off",
                        "-mon",
                        "chardev=m,mode=control",
                        "-blockdev",
                        "{\"driver\":\"qcow2\",\"node-name\":\"ext0\",\"file\":{\"driver\":\"file\","
                                + "\"filename\":\"" + image + "\"}}",
                        "-device",
                        "virtio-blk-pci,drive=ext0")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!java.nio.file.Files.exists(qmp)) {
            assertThat(System.nanoTime()).as("external QEMU's monitor").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return external;
    }

    @Test
    void aVmSomethingElseRunsIsAttachedByItsSocketReadAndSnapshottedButNeverStartedOrStopped() throws Exception {
        String vm = deployVm("admin", 32);
        Path image = image(vm, 1);
        Path dir = java.nio.file.Files.createTempDirectory("vmsnap-ext");
        Path qmp = dir.resolve("qmp.sock");
        Process external = externalQemu(image, qmp, dir);
        try {
            JsonNode runtime = admin().put("/vm/" + vm + "/define/runtime/", Map.of("qmp_socket", qmp.toString()))
                    .expect(200)
                    .json()
                    .path("result");
            assertThat(runtime.path("managed").asBoolean()).isFalse();
            assertThat(status(vm)).as("read from its QMP monitor").isEqualTo("running");

            admin().stream("POST", "/vm/" + vm + "/snapshot/ext1/", Map.of("disk_id", "1"))
                    .expectFinal(200);
            assertThat(admin().put("/vm/" + vm + "/status/stop/", Map.of())
                            .expect(417)
                            .json()
                            .path("detail")
                            .asText())
                    .isEqualTo("Bad action");
            assertThat(admin().put("/vm/" + vm + "/status/start/", Map.of())
                            .expect(417)
                            .json()
                            .path("detail")
                            .asText())
                    .isEqualTo("Bad action");
        } finally {
            external.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(status(vm)).as("its QEMU is gone").isEqualTo("stopped");
        assertThat(Qemu.tags(image)).hasSize(1);
        Qemu.check(image);
        assertThat(snapshot(vm, "ext1").path("status").asInt()).isEqualTo(1);
    }

    @Test
    void hostkeyLoadStatsOfARunningVmReportsItsQemusUsage() {
        String vm = runningVm();
        String key = admin().post("/accounts/user/admin/invapi-key/", Map.of())
                .expect(201)
                .json()
                .path("result")
                .path("key")
                .asText();
        HostkeyClient hk = new HostkeyClient("http://127.0.0.1:" + port);
        String token = hk.login(key);
        String vmId = idOf(hk, token);
        JsonNode stats =
                hk.done(token, "load_stats", "id", vmId).path("context").path("stats");
        assertThat(stats.path("state").asText()).isEqualTo("running");
        JsonNode runtime = stats.path("runtime");
        assertThat(runtime.path("cpu_time_ns").asLong()).as("QEMU has used CPU").isPositive();
        assertThat(runtime.path("memory_bytes").asLong())
                .as("QEMU's resident memory")
                .isGreaterThan(1L << 20);
        assertThat(runtime.has("block_read_bytes")).isTrue();
        admin().stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
    }

    /** The numeric id HOSTKEY addresses the newest VM by (ids grow; the tests of this class run one by one). */
    private static String idOf(HostkeyClient hk, String token) {
        JsonNode servers =
                hk.post("auth.php", "action", "info", "token", token).ok().path("servers");
        return servers.get(servers.size() - 1).asText();
    }
}

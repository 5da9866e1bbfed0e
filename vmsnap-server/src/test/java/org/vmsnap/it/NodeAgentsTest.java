package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane and two node agents as separate processes over a private RabbitMQ: agents register their
 * nodes, a VM placed on a node has its image made and snapshotted, rolled back and deleted there by that node's
 * agent; maintenance and a silent agent make the node refuse new work; a node's broker user can neither read nor
 * feed another node's queue.
 */
class NodeAgentsTest {
    private static final String PASSWORD = "admin-secret-agents";
    private static final String CONFIGURE_OWN = "^vmsnap\\.node\\.%s(\\.lock)?$";
    private static final String WRITE_EXCHANGES = "^vmsnap\\.(replies|events|dead)$";

    private static Path root;
    private static Broker broker;
    private static ServerProcess control;
    private static AgentProcess nodeA;
    private static AgentProcess nodeB;
    private static DanubeClient admin;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("vmsnap-agents-");
        broker = Broker.start();
        broker.user("control", "control-pw", ".*", ".*", ".*");
        for (String node : List.of("node-a", "node-b")) {
            String own = CONFIGURE_OWN.formatted(node.replace("-", "\\-"));
            broker.user(node, node + "-pw", own, WRITE_EXCHANGES, own);
        }
        control = ServerProcess.start(
                root.resolve("control"), Map.of("VMSNAP_ADMIN_PASSWORD", PASSWORD), controlOptions());
        admin = control.client().login("admin", PASSWORD);
        nodeA = agent("node-a");
        nodeB = agent("node-b");
        awaitNodes(nodes -> statusOf(nodes, "node-a") == 2 && statusOf(nodes, "node-b") == 2);
    }

    /**
     * The control plane's options: a node silent for 6 s is unreachable (agents send a heartbeat each second), and a
     * call not answered within 15 s fails.
     */
    private static List<String> controlOptions() {
        return List.of(
                "--broker",
                broker.url("control", "control-pw"),
                "--vmsnap.node.unreachable-after=PT6S",
                "--vmsnap.node.call-timeout=PT15S");
    }

    private static AgentProcess agent(String node) throws IOException {
        return AgentProcess.start(
                node,
                broker.url(node, node + "-pw"),
                root.resolve(node),
                "--heartbeat",
                "1",
                "--address",
                address(node));
    }

    /** The address each "host" is reached at: two loopback addresses, so a copy between them crosses from one to the other. */
    private static String address(String node) {
        return node.equals("node-a") ? "127.0.0.1" : "127.0.0.2";
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, control, broker}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static JsonNode nodes() {
        return admin.get("/node/", Map.of("extended", "true"))
                .expect(200)
                .json()
                .path("result");
    }

    private static int statusOf(JsonNode nodes, String hostname) {
        for (JsonNode n : nodes) {
            if (n.path("hostname").asText().equals(hostname)) {
                return n.path("status").asInt();
            }
        }
        return 0;
    }

    /** A probe that may throw (a broker call). */
    interface Probe<T> {
        T get() throws Exception;
    }

    /** Asks {@code probe} again (a real request or broker call each time) until {@code done}; 60 s at most. */
    private static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        T value = probe.get();
        while (!done.test(value)) {
            assertThat(Instant.now())
                    .as("%s never happened; last seen %s", what, value)
                    .isBefore(deadline);
            Thread.sleep(50); // a poll interval, not a timing assumption: the deadline decides
            value = probe.get();
        }
        return value;
    }

    private static JsonNode awaitNodes(Predicate<JsonNode> done) throws Exception {
        return await("the nodes' status", NodeAgentsTest::nodes, done);
    }

    private static String deployOn(String node, int sizeMb) throws Exception {
        // other tests pause, kill and restart agents: the node is heard from again before new work goes to it
        awaitNodes(n -> statusOf(n, node) == 2);
        String vm = "vm-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        admin.post("/vm/" + vm + "/define/", Map.of("node", node)).expect(201);
        admin.post("/vm/" + vm + "/define/disk/1/", Map.of("size", String.valueOf(sizeMb)))
                .expect(201);
        admin.stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
        return vm;
    }

    private static Path imageOn(AgentProcess agent, String vm) {
        return agent.dataDir.resolve("images").resolve(admin.diskUuid(vm, 1) + ".qcow2");
    }

    @Test
    void nodesRegisterAsDanubeShowsThem() throws Exception {
        // other tests pause, kill and restart agents: both are heard from again first
        JsonNode nodes = awaitNodes(n -> statusOf(n, "node-a") == 2 && statusOf(n, "node-b") == 2);
        assertThat(admin.get("/node/", Map.of()).json().path("result"))
                .extracting(JsonNode::asText)
                .contains("node-a", "node-b");
        JsonNode a = null;
        for (JsonNode n : nodes) {
            if (n.path("hostname").asText().equals("node-a")) {
                a = n;
            }
        }
        assertThat(a).isNotNull();
        assertThat(a.path("node_status").asText()).isEqualTo("online");
        assertThat(a.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(a.path("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(a.path("cpu").asInt()).isPositive();
        assertThat(a.path("ram").asLong()).isPositive();
        assertThat(a.path("is_compute").asBoolean()).isTrue();
        JsonNode one = admin.get("/node/node-b/", Map.of()).expect(200).json().path("result");
        assertThat(one.path("hostname").asText()).isEqualTo("node-b");
        assertThat(one.has("vms")).as("counts only with extended").isFalse();
        assertThat(admin.get("/node/nope/", Map.of())
                        .expect(404)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Node not found");

        // an unknown node is a field error of the define; nothing is defined
        JsonNode refused = admin.post("/vm/vm-nowhere/define/", Map.of("node", "nope"))
                .expect(400)
                .json();
        assertThat(refused.path("result").path("node").get(0).asText())
                .isEqualTo("Object with hostname=nope does not exist.");
        admin.get("/vm/vm-nowhere/", Map.of()).expect(404);

        // only a super admin sees nodes
        admin.post("/accounts/user/nodeless/", Map.of("password", "pw-nodeless", "api_access", "true"))
                .expect(201);
        DanubeClient user = control.client().login("nodeless", "pw-nodeless");
        assertThat(user.get("/node/", Map.of())
                        .expect(403)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Permission denied");

        System.out.printf(
                "agent resident memory: node-a %d KiB, node-b %d KiB%n", nodeA.residentKib(), nodeB.residentKib());
    }

    @Test
    void aVmOnANodeIsSnapshottedRolledBackAndDeletedByItsAgent() throws Exception {
        String vm = deployOn("node-a", 16);
        Path image = imageOn(nodeA, vm);
        assertThat(image).as("the image is made on node-a by its agent").exists();
        assertThat(Files.exists(root.resolve("node-b/images").resolve(image.getFileName())))
                .isFalse();
        assertThat(admin.get("/vm/" + vm + "/", Map.of())
                        .json()
                        .path("result")
                        .path("node")
                        .asText())
                .isEqualTo("node-a");

        Qemu.write(image, 0xaa, "0", "1M");
        admin.stream("POST", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1", "note", "on a"))
                .expectFinal(200);
        assertThat(Qemu.tags(image)).hasSize(1);
        Qemu.write(image, 0xbb, "0", "1M");
        admin.stream("POST", "/vm/" + vm + "/snapshot/s2/", Map.of("disk_id", "1"))
                .expectFinal(200);
        JsonNode listed = admin.get("/vm/" + vm + "/snapshot/", Map.of("full", "true"))
                .json()
                .path("result");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("size").asLong())
                .as("sizes read on the node")
                .isPositive();

        admin.stream("PUT", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.reads(image, 0xaa, "0", "1M"))
                .as("rolled back on node-a")
                .isTrue();
        assertThat(names(vm)).containsExactly("s1");
        admin.stream("DELETE", "/vm/" + vm + "/snapshot/s1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.tags(image)).isEmpty();
        Qemu.check(image);

        JsonNode a = awaitNodes(n -> true);
        for (JsonNode n : a) {
            if (n.path("hostname").asText().equals("node-a")) {
                assertThat(n.path("vms").asLong()).isPositive();
            }
        }
    }

    /**
     * A VM placed on node-a runs there: its QEMU is node-a's agent's child, holds the image on node-a, and is
     * snapshotted live through its monitor, asked for HOSTKEY's load stats and stopped, all through that agent.
     */
    @Test
    void aVmOnANodeRunsThereAndIsSnapshottedLiveAskedAndStoppedByItsAgent() throws Exception {
        String vm = deployOn("node-a", 32);
        Path image = imageOn(nodeA, vm);
        Qemu.write(image, 0xaa, "0", "1M");
        admin.put("/vm/" + vm + "/define/runtime/", Map.of("ram", "96")).expect(200);
        JsonNode started = admin.stream("PUT", "/vm/" + vm + "/status/start/", Map.of())
                .expectFinal(200)
                .finalJson();
        assertThat(started.path("result").path("message").asText()).isEqualTo("Successfully started VM " + vm);
        ProcessHandle qemu = GuestVms.qemuOf(admin, vm);
        assertThat(qemu.parent().map(ProcessHandle::pid))
                .as("launched by node-a's agent")
                .contains(nodeA.pid());
        assertThat(qemu.info().arguments().map(List::of).orElseThrow().toString())
                .as("on node-a's image and sockets")
                .contains(image.toString())
                .contains(nodeA.dataDir.resolve("run").toString());
        assertThat(Qemu.run("qemu-io", "-f", "qcow2", "-c", "read 0 4k", image.toString())
                        .output())
                .as("QEMU holds the image")
                .contains("lock");
        assertThat(status(vm)).as("asked of node-a's agent").isEqualTo("running");

        JsonNode live = admin.stream(
                        "POST", "/vm/" + vm + "/snapshot/live/", Map.of("disk_id", "1", "fsfreeze", "true"))
                .expectFinal(200)
                .finalJson();
        assertThat(live.path("result").path("message").asText())
                .as("no guest agent answers in this VM: taken through QEMU, unfrozen")
                .isEqualTo("Snapshot successfully created (filesystem freeze failed)");

        HostkeyClient hk = control.hostkey();
        String token = hk.login(admin.post("/accounts/user/admin/invapi-key/", Map.of())
                .expect(201)
                .json()
                .path("result")
                .path("key")
                .asText());
        JsonNode servers =
                hk.post("auth.php", "action", "info", "token", token).ok().path("servers");
        JsonNode stats = hk.done(
                        token,
                        "load_stats",
                        "id",
                        servers.get(servers.size() - 1).asText())
                .path("context")
                .path("stats");
        assertThat(stats.path("state").asText()).isEqualTo("running");
        assertThat(stats.path("runtime").path("cpu_time_ns").asLong())
                .as("node-a's QEMU has used CPU")
                .isPositive();
        assertThat(stats.path("runtime").path("memory_bytes").asLong()).isGreaterThan(1L << 20);

        JsonNode stopped = admin.stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("timeout", "1"))
                .expectFinal(200)
                .finalJson();
        assertThat(stopped.path("result").path("message").asText())
                .isEqualTo("Successfully completed stop for VM " + vm);
        assertThat(qemu.isAlive()).isFalse();
        assertThat(status(vm)).isEqualTo("stopped");
        assertThat(Qemu.tags(image)).hasSize(1);
        Qemu.check(image);

        Qemu.write(image, 0xbb, "0", "1M");
        admin.stream("PUT", "/vm/" + vm + "/snapshot/live/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.reads(image, 0xaa, "0", "1M"))
                .as("the live snapshot held what the running VM's disk held")
                .isTrue();
    }

    /**
     * VSS on a VM of node-a: a snapshot with memory of the running VM is saved by node-a's QEMU; once the VM is
     * stopped, the revert starts it again in the saved state, launched by node-a's agent with {@code -loadvm}.
     */
    @Test
    void aMemorySnapshotOfAVmOnANodeRevertsItIntoItsSavedStateThere() throws Exception {
        String vm = deployOn("node-a", 32);
        Path image = imageOn(nodeA, vm);
        admin.put("/vm/" + vm + "/define/runtime/", Map.of("ram", "96")).expect(200);
        admin.stream("PUT", "/vm/" + vm + "/status/start/", Map.of()).expectFinal(200);
        PyVss vss = control.vss();
        vss.getToken("admin", PASSWORD, null);
        String uuid = admin.get("/vm/" + vm + "/", Map.of())
                .json()
                .path("result")
                .path("uuid")
                .asText();
        String moref = vss.request("GET", "/v2/vm/" + uuid, null)
                .path("data")
                .path("moref")
                .asText();

        vssRequest(vss, vss.createVmSnapshot(moref, "with ram", null, 1, true, true), "SCHEDULED");
        JsonNode snapshot = vss.getVmSnapshots(moref).get(0);
        assertThat(snapshot.path("consistency").asText()).isEqualTo("memory");
        long snapId = snapshot.path("id").asLong();
        admin.stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
        assertThat(Qemu.tags(image)).containsExactly("vs-" + snapId);
        Qemu.write(image, 0xbb, "0", "1M");

        vssRequest(vss, vss.revertVmSnapshot(moref, snapId), "PROCESSED");
        assertThat(status(vm)).isEqualTo("running");
        ProcessHandle qemu = GuestVms.qemuOf(admin, vm);
        assertThat(qemu.parent().map(ProcessHandle::pid))
                .as("started by node-a's agent")
                .contains(nodeA.pid());
        assertThat(qemu.info().arguments().map(List::of).orElseThrow())
                .as("in the saved state")
                .containsSequence("-loadvm", "vs-" + snapId);
        admin.stream("PUT", "/vm/" + vm + "/status/stop/", Map.of("force", "true"))
                .expectFinal(200);
        assertThat(Qemu.reads(image, 0xbb, "0", "1M"))
                .as("the disk reverted with the memory")
                .isFalse();
        vssRequest(vss, vss.deleteVmSnapshot(moref, snapId), "PROCESSED");
        assertThat(Qemu.tags(image)).isEmpty();
        Qemu.check(image);
    }

    /** Waits (a real request each poll) until the VSS request submitted by {@code submission} ends; asserts how. */
    private static JsonNode vssRequest(PyVss vss, JsonNode submission, String expected) throws Exception {
        assertThat(submission.path("status").asInt()).as(submission.toString()).isEqualTo(202);
        long id = submission.path("request").path("id").asLong();
        JsonNode done = await(
                "VSS request " + id,
                () -> vss.getSnapshotRequest(id),
                r -> List.of(expected, "ERROR").contains(r.path("status").asText()));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo(expected);
        return done;
    }

    private static String status(String vm) {
        return admin.get("/vm/" + vm + "/status/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("status")
                .asText();
    }

    @Test
    void aNodeInMaintenanceRefusesNewWorkWithDanubesWords() throws Exception {
        String vm = deployOn("node-a", 16);
        JsonNode set = admin.put("/node/node-a/define/", Map.of("status", "1"))
                .expect(200)
                .json()
                .path("result");
        assertThat(set.path("status").asInt()).isEqualTo(1);
        assertThat(set.path("node_status").asText()).isEqualTo("maintenance");
        try {
            DanubeClient.Answer refused = admin.stream("POST", "/vm/" + vm + "/snapshot/m1/", Map.of("disk_id", "1"));
            assertThat(refused.status()).isEqualTo(423);
            assertThat(refused.json().path("detail").asText()).isEqualTo("Node is not operational");
            assertThat(Qemu.tags(imageOn(nodeA, vm))).isEmpty();
            JsonNode bad = admin.put("/node/node-a/define/", Map.of("status", "3"))
                    .expect(400)
                    .json();
            assertThat(bad.path("result").path("status").get(0).asText())
                    .isEqualTo("Select a valid choice. 3 is not one of the available choices.");
        } finally {
            admin.put("/node/node-a/define/", Map.of("status", "2")).expect(200);
        }
        admin.stream("POST", "/vm/" + vm + "/snapshot/m1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.tags(imageOn(nodeA, vm))).hasSize(1);
    }

    @Test
    void aSilentNodeIsUnreachableUntilItsAgentIsBackAndSyncedThen() throws Exception {
        String vm = deployOn("node-b", 16);
        admin.stream("POST", "/vm/" + vm + "/snapshot/u0/", Map.of("disk_id", "1"))
                .expectFinal(200);
        nodeB.kill();
        awaitNodes(n -> statusOf(n, "node-b") == 3);
        // while nobody can ask the node, its snapshot goes by another hand
        Path image = imageOn(nodeB, vm);
        String tag = Qemu.tags(image).get(0);
        Qemu.Run removed = Qemu.run("qemu-img", "snapshot", "-d", tag, image.toString());
        assertThat(removed.exit()).as(removed.output()).isZero();
        DanubeClient.Answer refused = admin.stream("POST", "/vm/" + vm + "/snapshot/u1/", Map.of("disk_id", "1"));
        assertThat(refused.status()).isEqualTo(423);
        assertThat(refused.json().path("detail").asText()).isEqualTo("Node is not operational");

        nodeB = agent("node-b");
        awaitNodes(n -> statusOf(n, "node-b") == 2);
        admin.stream("POST", "/vm/" + vm + "/snapshot/u1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.tags(imageOn(nodeB, vm))).hasSize(1);
        // the sync queued when the node came back finds u0 gone from the image: lost
        await(
                "u0 marked lost",
                () -> admin.get("/vm/" + vm + "/snapshot/u0/", Map.of("disk_id", "1"))
                        .expect(200)
                        .json()
                        .path("result")
                        .path("status")
                        .asInt(),
                status -> status == 4);
    }

    @Test
    void anAgentKilledMidSnapshotFinishesTheCallOnceAfterItsRestart() throws Exception {
        String vm = deployOn("node-a", 16);
        Path image = imageOn(nodeA, vm);
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "k" + i;
            java.util.concurrent.CompletableFuture<DanubeClient.Answer> created =
                    java.util.concurrent.CompletableFuture.supplyAsync(() ->
                            admin.stream("POST", "/vm/" + vm + "/snapshot/" + name + "/", Map.of("disk_id", "1")));
            // the create is accepted (its row exists) and its call is on the way to, or inside, the agent: kill it
            await(
                    name + " accepted",
                    () -> admin.get("/vm/" + vm + "/snapshot/" + name + "/", Map.of("disk_id", "1"))
                            .status(),
                    status -> status == 200);
            nodeA.kill();
            nodeA = agent("node-a");
            DanubeClient.Answer answer = created.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.finalStatus()).as(answer.body()).isEqualTo(200);
            expected.add(name);
        }
        JsonNode list = admin.get("/vm/" + vm + "/snapshot/", Map.of("full", "true"))
                .json()
                .path("result");
        assertThat(list).hasSize(expected.size());
        list.forEach(n -> assertThat(n.path("status").asInt()).as(n.toString()).isEqualTo(1));
        assertThat(Qemu.tags(image)).as("each redelivered create was done once").hasSize(expected.size());
        Qemu.Run check = Qemu.run("qemu-img", "check", image.toString());
        assertThat(check.exit())
                .as("no corruption (leaked clusters aside): " + check.output())
                .isIn(0, 3);
    }

    @Test
    void aControlPlaneKilledWithACallOnTheWaySettlesItFromTheNodeAfterItsRestart() throws Exception {
        String vm = deployOn("node-a", 16);
        Path image = imageOn(nodeA, vm);
        java.util.concurrent.CompletableFuture<DanubeClient.Answer> created =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> admin.stream("POST", "/vm/" + vm + "/snapshot/c1/", Map.of("disk_id", "1")));
        await(
                "c1 accepted",
                () -> admin.get("/vm/" + vm + "/snapshot/c1/", Map.of("disk_id", "1"))
                        .status(),
                status -> status == 200);
        control.kill();
        try {
            created.get(60, java.util.concurrent.TimeUnit.SECONDS); // answered before the kill, or cut off by it
        } catch (java.util.concurrent.ExecutionException cutOff) {
            // the process died under the call: what it did is settled from the node below
        }
        control = ServerProcess.start(root.resolve("control"), Map.of(), controlOptions());
        admin = control.client().login("admin", PASSWORD);
        // recovery reconciles the disk through its agent: the row says what the image holds, nothing stays pending
        JsonNode list = await(
                "c1 settled",
                () -> admin.get("/vm/" + vm + "/snapshot/", Map.of("full", "true"))
                        .json()
                        .path("result"),
                l -> l.size() == 0 || l.get(0).path("status").asInt() != 2);
        assertThat(list.size())
                .as("one row per tag in the image")
                .isEqualTo(Qemu.tags(image).size());
        list.forEach(n -> assertThat(n.path("status").asInt()).as(n.toString()).isEqualTo(1));
        // the new process hears node-a's next hello within a second; until then the node may count as silent
        awaitNodes(n -> statusOf(n, "node-a") == 2);
        DanubeClient.Answer next = admin.stream("POST", "/vm/" + vm + "/snapshot/c2/", Map.of("disk_id", "1"));
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        next.expectFinal(200);
        assertThat(Qemu.tags(image)).hasSize(list.size() + 1);
    }

    /**
     * The broker stops and starts again while node-b's call sits in its queue (node-b's agent paused) and while a
     * call for node-a is being made: both calls are carried out once, nothing is lost or doubled, and both ends carry
     * on over their recovered connections.
     */
    @Test
    void aBrokerRestartedMidRunLosesNoCallAndBothEndsCarryOnAfterwards() throws Exception {
        String onA = deployOn("node-a", 16);
        String onB = deployOn("node-b", 16);
        java.util.concurrent.CompletableFuture<DanubeClient.Answer> across;
        java.util.concurrent.CompletableFuture<DanubeClient.Answer> meanwhile;
        signal("STOP", nodeB.pid());
        try {
            across = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> admin.stream("POST", "/vm/" + onB + "/snapshot/across/", Map.of("disk_id", "1")));
            await("node-b's call in its queue", () -> broker.messages("vmsnap.node.node-b"), n -> n >= 1);
            broker.stopApp();
            await("not ready without its broker", () -> control.probe("/actuator/health/readiness"), c -> c == 503);
            meanwhile = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> admin.stream("POST", "/vm/" + onA + "/snapshot/meanwhile/", Map.of("disk_id", "1")));
            await(
                    "the call made while the broker is away accepted",
                    () -> admin.get("/vm/" + onA + "/snapshot/meanwhile/", Map.of("disk_id", "1"))
                            .status(),
                    status -> status == 200);
            broker.startApp();
        } finally {
            signal("CONT", nodeB.pid());
        }
        await("ready again", () -> control.probe("/actuator/health/readiness"), c -> c == 200);
        for (var created : List.of(across, meanwhile)) {
            DanubeClient.Answer answer = created.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.finalStatus()).as(answer.body()).isEqualTo(200);
        }
        assertThat(names(onA)).containsExactly("meanwhile");
        assertThat(names(onB)).containsExactly("across");
        for (Path image : List.of(imageOn(nodeA, onA), imageOn(nodeB, onB))) {
            assertThat(Qemu.tags(image)).as("done once").hasSize(1);
            Qemu.check(image);
        }
        awaitNodes(n -> statusOf(n, "node-a") == 2 && statusOf(n, "node-b") == 2);
        admin.stream("POST", "/vm/" + onB + "/snapshot/after/", Map.of("disk_id", "1"))
                .expectFinal(200);
        admin.stream("DELETE", "/vm/" + onA + "/snapshot/meanwhile/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.tags(imageOn(nodeB, onB))).hasSize(2);
        assertThat(Qemu.tags(imageOn(nodeA, onA))).isEmpty();
    }

    @Test
    void anAgentStoppedBySystemdTakesItsStorageDaemonsWithIt() throws Exception {
        String vm = deployOn("node-b", 16);
        admin.stream("POST", "/vm/" + vm + "/snapshot/d1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        List<ProcessHandle> daemons = nodeB.children().stream()
                .filter(p -> p.info().command().orElse("").endsWith("qemu-storage-daemon"))
                .toList();
        assertThat(daemons).as("the snapshot ran through a storage daemon").isNotEmpty();
        assertThat(nodeB.stop())
                .as("the JVM's exit on SIGTERM, a success to systemd")
                .isEqualTo(143);
        for (ProcessHandle daemon : daemons) {
            daemon.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(daemons).noneMatch(ProcessHandle::isAlive);
        nodeB = agent("node-b");
        awaitNodes(n -> statusOf(n, "node-b") == 2);
        admin.stream("DELETE", "/vm/" + vm + "/snapshot/d1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.tags(imageOn(nodeB, vm))).isEmpty();
    }

    /**
     * A node whose agent does not answer (paused) within the call timeout: the task fails naming the node, nothing of
     * it stays, and the agent, once it runs again, does not carry out the call it was handed before the deadline.
     */
    @Test
    void aCallNotAnsweredInTimeFailsNamingTheNodeAndIsNeverDoneLater() throws Exception {
        String vm = deployOn("node-b", 16);
        Path image = imageOn(nodeB, vm);
        DanubeClient.Answer late;
        signal("STOP", nodeB.pid());
        try {
            late = admin.stream("POST", "/vm/" + vm + "/snapshot/late/", Map.of("disk_id", "1"));
        } finally {
            signal("CONT", nodeB.pid());
        }
        assertThat(late.finalStatus()).as(late.body()).isEqualTo(400);
        assertThat(late.finalJson().path("result").path("message").asText())
                .isEqualTo("Task queue worker (node-b) is not responding!");
        assertThat(names(vm)).isEmpty();
        awaitNodes(n -> statusOf(n, "node-b") == 2);
        admin.stream("POST", "/vm/" + vm + "/snapshot/next/", Map.of("disk_id", "1"))
                .expectFinal(200);
        assertThat(names(vm)).containsExactly("next");
        assertThat(Qemu.tags(image)).as("the late call was never carried out").hasSize(1);
    }

    /**
     * A sync waiting on its node with a create decided behind it: the sync, when it runs, leaves the create's intent
     * to the create (it used to take the row for a leftover and drop it, and the created snapshot had no row).
     */
    @Test
    void aSyncAheadOfACreateLeavesTheCreatesIntentToIt() throws Exception {
        String vm = deployOn("node-b", 16);
        Path image = imageOn(nodeB, vm);
        java.util.concurrent.CompletableFuture<DanubeClient.Answer> sync;
        java.util.concurrent.CompletableFuture<DanubeClient.Answer> create;
        signal("STOP", nodeB.pid());
        try {
            sync = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> admin.stream("PUT", "/vm/" + vm + "/snapshot/", Map.of("disk_id", "1")));
            await("the sync's call in node-b's queue", () -> broker.messages("vmsnap.node.node-b"), n -> n >= 1);
            create = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> admin.stream("POST", "/vm/" + vm + "/snapshot/behind/", Map.of("disk_id", "1")));
            await(
                    "the create decided",
                    () -> admin.get("/vm/" + vm + "/snapshot/behind/", Map.of("disk_id", "1"))
                            .status(),
                    status -> status == 200);
        } finally {
            signal("CONT", nodeB.pid());
        }
        assertThat(sync.get(60, java.util.concurrent.TimeUnit.SECONDS)
                        .finalJson()
                        .path("result")
                        .path("message")
                        .asText())
                .isEqualTo("Snapshots successfully synced");
        create.get(60, java.util.concurrent.TimeUnit.SECONDS).expectFinal(200);
        JsonNode behind = admin.get("/vm/" + vm + "/snapshot/behind/", Map.of("disk_id", "1"))
                .expect(200)
                .json()
                .path("result");
        assertThat(behind.path("status").asInt()).as(behind.toString()).isEqualTo(1);
        assertThat(names(vm)).containsExactly("behind");
        assertThat(Qemu.tags(image)).hasSize(1);
    }

    /** Sends a signal (STOP, CONT) to a process, the way an operator would with kill(1). */
    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertThat(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /**
     * A restore into a VM on another node streams the snapshot from node-a's agent to node-b's: an NBD export on
     * node-a's address, over TLS with a key made for this copy, read by node-b's agent into the target's image. The
     * export is gone afterwards, with its key.
     */
    @Test
    void aRestoreIntoAVmOnAnotherNodeStreamsTheSnapshotBetweenTheAgents() throws Exception {
        String source = deployOn("node-a", 16);
        String target = deployOn("node-b", 16);
        Path sourceImage = imageOn(nodeA, source);
        Path targetImage = imageOn(nodeB, target);
        Qemu.write(sourceImage, 0xaa, "0", "1M");
        Qemu.write(sourceImage, 0xab, "15M", "1M");
        admin.stream("POST", "/vm/" + source + "/snapshot/x1/", Map.of("disk_id", "1"))
                .expectFinal(200);
        Qemu.write(sourceImage, 0xbb, "0", "1M");
        Qemu.write(targetImage, 0xcc, "0", "1M");

        admin.stream(
                        "PUT",
                        "/vm/" + source + "/snapshot/x1/",
                        Map.of("disk_id", "1", "target_hostname_or_uuid", target, "target_disk_id", "1"))
                .expectFinal(200);
        assertThat(Qemu.reads(targetImage, 0xaa, "0", "1M"))
                .as("node-b's image holds the snapshot taken on node-a")
                .isTrue();
        assertThat(Qemu.reads(targetImage, 0xab, "15M", "1M")).isTrue();
        assertThat(Qemu.reads(sourceImage, 0xbb, "0", "1M"))
                .as("the source is untouched")
                .isTrue();
        Qemu.check(targetImage);
        assertThat(Qemu.tags(targetImage)).isEmpty();
        assertThat(Qemu.tags(sourceImage)).hasSize(1);
        assertThat(nodeA.children())
                .as("the export ended with the copy")
                .noneMatch(p -> p.info().command().orElse("").endsWith("qemu-nbd"));
        try (var left = Files.list(nodeA.dataDir.resolve("run"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith("nbd-"));
        }
        try (var left = Files.list(nodeB.dataDir.resolve("run"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith("pull-"));
        }
    }

    @Test
    void aNodesBrokerUserCanNeitherReadNorFeedAnotherNodesQueue() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.url("node-b", "node-b-pw"));
        try (Connection c = factory.newConnection()) {
            Channel read = c.createChannel();
            assertThatThrownBy(() -> read.basicGet("vmsnap.node.node-a", false))
                    .hasStackTraceContaining("ACCESS_REFUSED");
            Channel write = c.createChannel();
            write.confirmSelect();
            write.basicPublish(
                    "",
                    "vmsnap.node.node-a",
                    new AMQP.BasicProperties.Builder().build(),
                    "{\"op\":\"DELETE_IMAGE\"}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> write.waitForConfirmsOrDie(10_000)).hasStackTraceContaining("ACCESS_REFUSED");
            Channel own = c.createChannel();
            assertThat(own.queueDeclarePassive("vmsnap.node.node-b").getQueue()).isEqualTo("vmsnap.node.node-b");
        }
    }

    @Test
    void refusedCredentialsOrATakenNodeNameStopAtStartWithOneLine() throws Exception {
        String secret = "Hunter2-" + java.util.UUID.randomUUID();
        try (AgentProcess refused =
                AgentProcess.start("node-a", broker.url("node-a", secret), root.resolve("refused"))) {
            assertThat(refused.waitForExit()).isEqualTo(1);
            assertThat(refused.output())
                    .contains("vmsnap agent: cannot connect to the broker at amqp://node-a:***@")
                    .doesNotContain(secret)
                    .doesNotContain("\tat ");
        }
        try (AgentProcess second = agent("node-a")) {
            assertThat(second.waitForExit()).isEqualTo(1);
            assertThat(second.output()).contains("vmsnap agent: node node-a is already served by another agent");
        }
        ServerProcess.Ended server = ServerProcess.runToEnd(
                root.resolve("refused-control"),
                Map.of("VMSNAP_ADMIN_PASSWORD", PASSWORD),
                List.of("--broker", broker.url("control", secret)));
        assertThat(server.exitCode()).isNotZero();
        assertThat(server.output())
                .contains("vmsnap: cannot connect to the broker at amqp://control:***@")
                .doesNotContain(secret);
        // the node is still served by its first agent
        String vm = deployOn("node-a", 16);
        admin.stream("POST", "/vm/" + vm + "/snapshot/after/", Map.of("disk_id", "1"))
                .expectFinal(200);
    }

    @Test
    void aCallTheAgentCannotReadIsAnsweredAndDeadLettered() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.url("control", "control-pw"));
        try (Connection c = factory.newConnection()) {
            Channel ch = c.createChannel();
            String replies = ch.queueDeclare().getQueue();
            ch.queueBind(replies, "vmsnap.replies", replies);
            ch.basicPublish(
                    "",
                    "vmsnap.node.node-a",
                    new AMQP.BasicProperties.Builder()
                            .correlationId("probe-1")
                            .replyTo(replies)
                            .build(),
                    "{\"op\":\"INSPECT\",\"image\":{\"path\":\"/etc/shadow\"}} and more"
                            .getBytes(StandardCharsets.UTF_8));
            com.rabbitmq.client.GetResponse reply = awaitMessage(ch, replies);
            assertThat(reply.getProps().getCorrelationId()).isEqualTo("probe-1");
            JsonNode answer = HttpAnswer.JSON.readTree(reply.getBody());
            assertThat(answer.path("ok").asBoolean()).isFalse();
            assertThat(answer.path("error").asText()).startsWith("malformed call");
            com.rabbitmq.client.GetResponse dead = awaitMessage(ch, "vmsnap.dead");
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains("/etc/shadow");
        }
    }

    private static com.rabbitmq.client.GetResponse awaitMessage(Channel ch, String queue) throws Exception {
        return await("a message in " + queue, () -> ch.basicGet(queue, true), java.util.Objects::nonNull);
    }

    private static List<String> names(String vm) {
        List<String> names = new java.util.ArrayList<>();
        admin.get("/vm/" + vm + "/snapshot/", Map.of()).json().path("result").forEach(n -> names.add(n.asText()));
        return names;
    }
}

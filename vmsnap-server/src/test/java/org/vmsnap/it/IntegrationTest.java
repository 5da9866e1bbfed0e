package org.vmsnap.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the end-to-end tests: a running server on a random port, a logged-in admin, helpers for VMs. */
public abstract class IntegrationTest {
    public static final String ADMIN_PASSWORD = "admin-secret-1";

    @LocalServerPort
    protected int port;

    @Value("${vmsnap.data-dir}")
    protected Path dataDir;

    private DanubeClient admin;

    protected DanubeClient client() {
        return new DanubeClient("http://127.0.0.1:" + port + "/api");
    }

    /** The time in a scheduled snapshot's name ({@code <definition>-<stamp>}). */
    protected static final java.time.format.DateTimeFormatter SCHEDULED_STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(java.time.ZoneOffset.UTC);

    /** When the VM's snapshot definition {@code name} runs next, as its define view says. */
    protected java.time.Instant nextRun(String vm, String name) {
        return java.time.Instant.parse(admin().get("/vm/" + vm + "/define/snapshot/" + name + "/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("next_run")
                .asText());
    }

    /** The VM's task-log lines about snapshot creation, oldest first, as {@code STATUS detail}. */
    protected List<String> createLog(String vm) {
        List<String> lines = new java.util.ArrayList<>();
        admin().get("/task/log/", Map.of("page", "1", "object_type", "vm", "object_name", vm))
                .json()
                .path("results")
                .forEach(e -> {
                    if (e.path("msg").asText().startsWith("Create snapshot")) {
                        lines.add(
                                0,
                                e.path("status").asText() + " "
                                        + e.path("detail").asText());
                    }
                });
        return lines;
    }

    protected DanubeClient admin() {
        if (admin == null) {
            admin = client().login("admin", ADMIN_PASSWORD);
        }
        return admin;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Defines and deploys a VM with disks of the given sizes in MiB, owned by {@code owner}; returns its hostname. */
    protected String deployVm(String owner, int... diskSizesMb) {
        String hostname = unique("vm");
        admin().post("/vm/" + hostname + "/define/", Map.of("owner", owner)).expect(201);
        for (int i = 0; i < diskSizesMb.length; i++) {
            admin().post(
                            "/vm/" + hostname + "/define/disk/" + (i + 1) + "/",
                            Map.of("size", String.valueOf(diskSizesMb[i])))
                    .expect(201);
        }
        admin().stream("POST", "/vm/" + hostname + "/", Map.of()).expectFinal(200);
        return hostname;
    }

    /** The image of a VM's disk, found through the API's disk uuid. */
    protected Path image(String hostname, int diskId) {
        String uuid = admin().diskUuid(hostname, diskId);
        Path image = dataDir.resolve("images").resolve(uuid + ".qcow2");
        if (!Files.exists(image)) {
            throw new AssertionError("no image " + image);
        }
        return image;
    }

    /** One snapshot of the VM's first disk, as {@code GET /vm/<h>/snapshot/<name>/} shows it. */
    protected JsonNode snapshot(String vm, String name) {
        return admin().get("/vm/" + vm + "/snapshot/" + name + "/", Map.of("disk_id", "1"))
                .expect(200)
                .json()
                .path("result");
    }

    /** A new HOSTKEY API key of {@code user}, made by the admin (shown once). */
    protected String invapiKey(String user) {
        return admin().post("/accounts/user/" + user + "/invapi-key/", Map.of())
                .expect(201)
                .json()
                .path("result")
                .path("key")
                .asText();
    }

    /** Creates a user with API access and returns a client logged in as it. */
    protected DanubeClient newUser(String username) {
        admin().post("/accounts/user/" + username + "/", Map.of("password", "pw-" + username, "api_access", "true"))
                .expect(201);
        return client().login(username, "pw-" + username);
    }

    protected static List<String> names(DanubeClient.Answer answer) {
        return Stream.of(answer.json().path("result"))
                .flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false))
                .map(n -> n.isTextual() ? n.asText() : n.path("name").asText())
                .toList();
    }
}

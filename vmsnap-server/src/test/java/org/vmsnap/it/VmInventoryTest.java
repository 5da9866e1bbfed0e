package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defining, deploying, adopting and undeploying VMs the Danube way, on real images. */
@OnH2
class VmInventoryTest extends IntegrationTest {

    @Test
    void defineDeployShowAndUndeploy() {
        String vm = unique("vm");
        var defined = admin().post("/vm/" + vm + "/define/", Map.of("alias", "web", "owner", "admin"))
                .expect(201);
        assertThat(defined.json().path("result").path("status").asText()).isEqualTo("notcreated");
        assertThat(defined.json().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(admin().post("/vm/" + vm + "/define/", Map.of())
                        .expect(406)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("VM already exists");
        var disk = admin().post("/vm/" + vm + "/define/disk/1/", Map.of("size", "32"))
                .expect(201);
        assertThat(disk.json().path("result").path("size").asInt()).isEqualTo(32);
        assertThat(admin().post("/vm/" + vm + "/define/disk/3/", Map.of("size", "32"))
                        .expect(412)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Invalid disk_id");
        assertThat(admin().post("/vm/" + vm + "/define/disk/2/", Map.of("size", "big"))
                        .expect(400)
                        .json()
                        .path("result")
                        .path("size")
                        .get(0)
                        .asText())
                .isEqualTo("Enter a whole number.");

        admin().stream("POST", "/vm/" + vm + "/", Map.of()).expect(201).expectFinal(200);
        var shown = admin().get("/vm/" + vm + "/", Map.of()).expect(200).json().path("result");
        assertThat(shown.path("hostname").asText()).isEqualTo(vm);
        assertThat(shown.path("alias").asText()).isEqualTo("web");
        assertThat(shown.path("owner").asText()).isEqualTo("admin");
        assertThat(shown.path("node").asText()).isEqualTo("local");
        assertThat(shown.path("status").asText()).isEqualTo("stopped");
        assertThat(shown.path("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(admin().get("/vm/" + shown.path("uuid").asText() + "/status/", Map.of())
                        .json()
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("stopped");
        Path image = image(vm, 1);
        var info = Qemu.run("qemu-img", "info", image.toString());
        assertThat(info.output()).contains("file format: qcow2").contains("virtual size: 32 MiB");
        assertThat(admin().post("/vm/" + vm + "/", Map.of())
                        .expect(409)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("VM is already installed");
        assertThat(names(admin().get("/vm/", Map.of()))).contains(vm);

        admin().stream("POST", "/vm/" + vm + "/snapshot/s1/", Map.of()).expectFinal(200);
        admin().stream("DELETE", "/vm/" + vm + "/", Map.of()).expect(201).expectFinal(200);
        assertThat(Files.exists(image)).isFalse();
        assertThat(admin().get("/vm/" + vm + "/", Map.of())
                        .json()
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("notcreated");
        assertThat(admin().get("/vm/" + vm + "/snapshot/", Map.of("disk_id", "1"))
                        .expect(412)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Invalid disk_id");
        admin().delete("/vm/" + vm + "/define/", Map.of()).expect(200);
        assertThat(admin().get("/vm/" + vm + "/", Map.of())
                        .expect(404)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("VM not found");
    }

    @Test
    void adoptsAnExistingImageAndItsSnapshots() throws Exception {
        Path dir = dataDir.resolve("import");
        Files.createDirectories(dir);
        Path existing = dir.resolve(unique("disk") + ".qcow2");
        assertThat(Qemu.run("qemu-img", "create", "-q", "-f", "qcow2", existing.toString(), "48M")
                        .exit())
                .isZero();
        Qemu.write(existing, 0x5a, "0", "1M");
        assertThat(Qemu.run("qemu-img", "snapshot", "-c", "vs-77777", existing.toString())
                        .exit())
                .isZero();
        assertThat(Qemu.run("qemu-img", "snapshot", "-c", "someone-elses", existing.toString())
                        .exit())
                .isZero();

        String vm = unique("vm");
        admin().post("/vm/" + vm + "/define/", Map.of()).expect(201);
        String relative = "import/" + existing.getFileName();
        for (String bad : new String[] {"../etc/passwd", "/etc/passwd", "import/missing.qcow2", "import/a b.qcow2"}) {
            var refused = admin().post("/vm/" + vm + "/define/disk/1/", Map.of("image", bad))
                    .expect(400);
            assertThat(refused.json().path("result").has("image")).as(bad).isTrue();
        }
        var disk = admin().post("/vm/" + vm + "/define/disk/1/", Map.of("image", relative))
                .expect(201);
        assertThat(disk.json().path("result").path("size").asInt()).isEqualTo(48);
        admin().stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
        admin().stream("PUT", "/vm/" + vm + "/snapshot/", Map.of()).expectFinal(200);
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of()))).containsExactly("vs-77777");

        Qemu.write(existing, 0x11, "0", "1M");
        admin().stream("PUT", "/vm/" + vm + "/snapshot/vs-77777/", Map.of()).expectFinal(200);
        assertThat(Qemu.reads(existing, 0x5a, "0", "1M")).isTrue();
        assertThat(Qemu.tags(existing)).contains("someone-elses");
    }
}

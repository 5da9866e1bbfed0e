package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmsnap.it.guest.GuestAgent;
import org.vmsnap.it.guest.GuestImage;

/**
 * VMs on the test guest (its kernel and initramfs, a copy of its ext4 data disk as disk 1) defined through the
 * Danube API, and shell commands run in them through their guest agent, the way an operator would.
 */
final class GuestVms {
    private static final Duration AGENT = Duration.ofSeconds(240);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Pattern QGA = Pattern.compile("socket,id=qga0,path=(.+?),server=on");

    private GuestVms() {}

    /** Defines and deploys the VM, with further empty disks of the given sizes in MiB; returns its hostname. */
    static String create(IntegrationTest test, int... extraDisksMb) throws IOException {
        GuestImage guest = GuestImage.locate();
        String vm = IntegrationTest.unique("vm");
        String id = vm.replace("vm-", "guest-");
        Path boot = Files.createDirectories(test.dataDir.resolve("boot").resolve(id));
        Files.copy(guest.kernel(), boot.resolve("vmlinuz"));
        Files.copy(guest.initrd(), boot.resolve("initrd.cpio"));
        Files.createDirectories(test.dataDir.resolve("adopt"));
        guest.newDataDisk(image(test, vm));

        test.admin().post("/vm/" + vm + "/define/", Map.of("owner", "admin")).expect(201);
        test.admin()
                .post("/vm/" + vm + "/define/disk/1/", Map.of("image", "adopt/" + id + ".qcow2"))
                .expect(201);
        for (int i = 0; i < extraDisksMb.length; i++) {
            test.admin()
                    .post(
                            "/vm/" + vm + "/define/disk/" + (i + 2) + "/",
                            Map.of("size", String.valueOf(extraDisksMb[i])))
                    .expect(201);
        }
        test.admin().stream("POST", "/vm/" + vm + "/", Map.of()).expectFinal(200);
        test.admin()
                .put(
                        "/vm/" + vm + "/define/runtime/",
                        Map.of(
                                "ram",
                                "256",
                                "kernel",
                                "boot/" + id + "/vmlinuz",
                                "initrd",
                                "boot/" + id + "/initrd.cpio",
                                "cmdline",
                                guest.cmdline()))
                .expect(200);
        return vm;
    }

    /** The guest's data disk (disk 1) image. */
    static Path image(IntegrationTest test, String vm) {
        return test.dataDir.resolve("adopt").resolve(vm.replace("vm-", "guest-") + ".qcow2");
    }

    /** Runs {@code script} in the guest and checks its output. */
    static void sh(IntegrationTest test, String vm, String script, String expectedOutput) throws IOException {
        assertThat(run(test, vm, script)).isEqualTo(expectedOutput);
    }

    /**
     * Runs {@code script} in the guest; returns its output. After a snapshot was loaded the agent's channel is in
     * whatever state the snapshot saved (a half-read command, an answer nobody reads), so a command answered by
     * something else is tried again on a newly synchronised connection.
     */
    static String run(IntegrationTest test, String vm, String script) throws IOException {
        ProcessHandle qemu = qemuOf(test, vm);
        String args = String.join(" ", qemu.info().arguments().orElseThrow());
        Matcher m = QGA.matcher(args);
        assertThat(m.find()).as(args).isTrue();
        for (int attempt = 1; ; attempt++) {
            try (GuestAgent agent = GuestAgent.connect(Path.of(m.group(1)), AGENT, qemu::isAlive)) {
                GuestAgent.ExecResult r = agent.sh(script, COMMAND);
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                return r.stdout();
            } catch (GuestAgent.AgentError | IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The QEMU process vmsnap launched for the VM (its argv names the VM's uuid). */
    static ProcessHandle qemuOf(IntegrationTest test, String vm) {
        return qemuOf(test.admin(), vm);
    }

    /** The QEMU process running the VM {@code admin} sees (its argv names the VM's uuid), on any node of this host. */
    static ProcessHandle qemuOf(DanubeClient admin, String vm) {
        String uuid = admin.get("/vm/" + vm + "/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("uuid")
                .asText();
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().arguments().map(List::of).orElse(List.of()).contains("guest=" + uuid))
                .findFirst()
                .orElseThrow();
    }
}

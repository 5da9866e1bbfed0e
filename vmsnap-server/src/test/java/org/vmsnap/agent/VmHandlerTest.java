package org.vmsnap.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.VmCall;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.runtime.qemu.QemuHypervisor;
import org.vmsnap.runtime.spi.LaunchSpec;
import org.vmsnap.runtime.spi.RunningVm;

/** A hypervisor call naming anything outside the node's directories is refused before any program runs. */
class VmHandlerTest {
    private static final String UUID = "0b6c3f5e-8a7d-4c1b-9e2f-3a4b5c6d7e8f";
    private static final Path DATA = Path.of("/srv/vmsnap");

    /** A QEMU binary that does not exist: any call that got as far as running a program would fail differently. */
    private final VmHandler handler = new VmHandler(
            new QemuHypervisor(
                    "/nonexistent/qemu-system-x86_64",
                    DATA.resolve("run"),
                    new QmpPool(Duration.ofSeconds(1)),
                    "tcg",
                    Duration.ofSeconds(1)),
            new NodeFiles(DATA));

    private static LaunchSpec launch(List<Path> disks, Path kernel) {
        return new LaunchSpec(UUID, 64, 1, disks, kernel, null, null);
    }

    @Test
    void aStartWithADiskOrBootFileElsewhereIsRefused() {
        for (LaunchSpec spec : List.of(
                launch(List.of(Path.of("/etc/shadow")), null),
                launch(List.of(DATA.resolve("images/../keys/x")), null),
                launch(List.of(DATA.resolve("images/a.qcow2")), Path.of("/boot/vmlinuz")))) {
            StorageReply reply = handler.handle(VmCall.start(spec), false);
            assertThat(reply.refused()).as(spec.toString()).isTrue();
            assertThat(reply.error()).isEqualTo("refused: disk or boot file outside this node's data directory");
        }
    }

    @Test
    void aStopOrQuestionAboutASocketElsewhereIsRefused() {
        RunningVm foreign = new RunningVm(1L, Path.of("/var/run/other/monitor.qmp"), null);
        RunningVm foreignAgent = new RunningVm(1L, DATA.resolve("run/vm.qmp"), Path.of("/tmp/qga"));
        for (VmCall call : List.of(
                VmCall.stop(foreign, Duration.ZERO),
                VmCall.on(VmCall.Op.IS_RUNNING, foreign),
                VmCall.on(VmCall.Op.USAGE, foreignAgent))) {
            StorageReply reply = handler.handle(call, false);
            assertThat(reply.refused()).as(call.toString()).isTrue();
            assertThat(reply.error()).isEqualTo("refused: socket outside this node's data directory");
        }
    }

    @Test
    void aStartThatCannotRunSaysWhy() {
        StorageReply reply = handler.handle(VmCall.start(launch(List.of(DATA.resolve("images/a.qcow2")), null)), false);
        assertThat(reply.ok()).isFalse();
        assertThat(reply.refused()).isFalse();
        assertThat(reply.error()).startsWith("cannot start /nonexistent/qemu-system-x86_64");
    }
}

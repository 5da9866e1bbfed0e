package org.vmsnap.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.runtime.spi.LaunchSpec;

/** The argv of a VM started in a snapshot's saved state: the usual one, then {@code -loadvm <tag>}. */
class QemuHypervisorArgvTest {
    private static final String UUID = "0b3a1f2e-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final Path RUN = Path.of("/run/vmsnap");

    private final QemuHypervisor qemu = new QemuHypervisor(
            "/usr/bin/qemu-system-x86_64", RUN, new QmpPool(Duration.ofSeconds(1)), "tcg", Duration.ofSeconds(5));

    private List<String> argv(LaunchSpec spec) {
        return qemu.argv(spec, RUN.resolve("a.qmp"), RUN.resolve("a.qga"), RUN.resolve("a.console"));
    }

    @Test
    void resumingAppendsLoadvmWithTheTag() {
        List<Path> disks = List.of(Path.of("/data/d1.qcow2"), Path.of("/data/d2.qcow2"));
        List<String> boot = argv(new LaunchSpec(UUID, 256, 1, disks, null, null, null));
        List<String> resume = argv(new LaunchSpec(UUID, 256, 1, disks, null, null, null, "vs-12", null));
        assertThat(boot).doesNotContain("-loadvm");
        assertThat(resume).startsWith(boot.toArray(String[]::new)).endsWith("-loadvm", "vs-12");
        assertThat(resume).hasSize(boot.size() + 2);
    }

    @Test
    void onlyACoreMadeTagCanBeResumedFrom() {
        for (String bad : List.of("12", "-S", "vs-1,x", "SR-3", "vs-")) {
            assertThatThrownBy(() -> new LaunchSpec(UUID, 256, 1, List.of(), null, null, null, bad, null))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

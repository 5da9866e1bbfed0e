package org.vmsnap.it.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmsnap.it.guest.GuestAgent.ExecResult;

/** The test guest boots, its agent runs commands and freezes /data, and it powers off leaving a clean disk. */
class TestGuestBootTest {
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration POWER_OFF = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void writesFreezesThawsAndPowersDownCleanOnAcpi() throws Exception {
        GuestImage image = GuestImage.locate();
        Path disk = image.newDataDisk(dir.resolve("data.qcow2"));
        try (TestGuest guest = TestGuest.start(image, disk, dir.resolve("vm"))) {
            GuestAgent agent = guest.agent();
            System.out.printf(
                    "test-guest: boot to agent ready %d ms (%s)%n",
                    guest.bootToAgent().toMillis(), TestGuest.accel());
            agent.ping();

            ExecResult wrote = agent.sh("echo first line > /data/hello.txt && cat /data/hello.txt", COMMAND);
            assertThat(wrote).isEqualTo(new ExecResult(0, "first line\n", ""));

            List<Long> roundTrips = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                assertThat(agent.freeze()).as("filesystems frozen").isEqualTo(1);
                assertThat(agent.freezeStatus()).isEqualTo("frozen");
                assertThat(agent.thaw()).as("filesystems thawed").isEqualTo(1);
                roundTrips.add(System.nanoTime() - start);
            }
            assertThat(agent.freezeStatus()).isEqualTo("thawed");
            Collections.sort(roundTrips);
            System.out.printf(
                    "test-guest: freeze+status+thaw median %.1f ms, max %.1f ms over %d%n",
                    roundTrips.get(roundTrips.size() / 2) / 1e6,
                    roundTrips.get(roundTrips.size() - 1) / 1e6,
                    roundTrips.size());

            ExecResult appended = agent.sh("echo second line >> /data/hello.txt && cat /data/hello.txt", COMMAND);
            assertThat(appended.stdout()).isEqualTo("first line\nsecond line\n");

            guest.powerDown();
            assertThat(guest.awaitExit(POWER_OFF)).isZero();
            assertThat(guest.console()).contains("vmsnap-guest: data unmounted");
        }
        DataDisk.Fsck fsck = DataDisk.check(disk);
        assertThat(fsck.clean()).as(fsck.output()).isTrue();
        assertThat(DataDisk.read(disk, "/hello.txt")).isEqualTo("first line\nsecond line\n");
    }

    @Test
    void powersOffCleanOnGuestShutdown() throws Exception {
        GuestImage image = GuestImage.locate();
        Path disk = image.newDataDisk(dir.resolve("data.qcow2"));
        try (TestGuest guest = TestGuest.start(image, disk, dir.resolve("vm"))) {
            GuestAgent agent = guest.agent();
            assertThat(agent.sh("echo via agent > /data/shutdown.txt", COMMAND).exitCode())
                    .isZero();

            agent.shutdown();
            assertThat(guest.awaitExit(POWER_OFF)).isZero();
        }
        DataDisk.Fsck fsck = DataDisk.check(disk);
        assertThat(fsck.clean()).as(fsck.output()).isTrue();
        assertThat(DataDisk.read(disk, "/shutdown.txt")).isEqualTo("via agent\n");
    }
}

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

            assertThat(agent.freeze()).as("filesystems frozen").isEqualTo(1);
            assertThat(agent.freezeStatus()).isEqualTo("frozen");
            assertThat(agent.thaw()).as("filesystems thawed").isEqualTo(1);
            assertThat(agent.freezeStatus()).isEqualTo("thawed");
            // The freeze window as the snapshot path sees it: freeze sent -> thaw answered.
            List<Long> roundTrips = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                int frozen = agent.freeze();
                int thawed = agent.thaw();
                roundTrips.add(System.nanoTime() - start);
                assertThat(List.of(frozen, thawed)).isEqualTo(List.of(1, 1));
            }
            Collections.sort(roundTrips);
            System.out.printf(
                    "test-guest: freeze->thaw median %.1f ms, max %.1f ms over %d%n",
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
    void freezesEveryDiskAndPowersOffCleanOnGuestShutdown() throws Exception {
        GuestImage image = GuestImage.locate();
        Path first = image.newDataDisk(dir.resolve("first.qcow2"));
        Path second = image.newDataDisk(dir.resolve("second.qcow2"));
        try (TestGuest guest = TestGuest.start(image, List.of(first, second), dir.resolve("vm"))) {
            GuestAgent agent = guest.agent();
            ExecResult wrote = agent.sh("echo one > /data/a.txt && echo two > /mnt/vdb/b.txt", COMMAND);
            assertThat(wrote.exitCode()).as(wrote.stderr()).isZero();
            assertThat(agent.freeze()).as("filesystems frozen").isEqualTo(2);
            assertThat(agent.thaw()).as("filesystems thawed").isEqualTo(2);

            agent.shutdown();
            assertThat(guest.awaitExit(POWER_OFF)).isZero();
        }
        for (Path disk : List.of(first, second)) {
            DataDisk.Fsck fsck = DataDisk.check(disk);
            assertThat(fsck.clean()).as(fsck.output()).isTrue();
        }
        assertThat(DataDisk.read(first, "/a.txt")).isEqualTo("one\n");
        assertThat(DataDisk.read(second, "/b.txt")).isEqualTo("two\n");
    }
}

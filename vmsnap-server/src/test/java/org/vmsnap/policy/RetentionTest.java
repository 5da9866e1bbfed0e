package org.vmsnap.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotStatus;
import org.vmsnap.snapshot.SnapshotType;

class RetentionTest {
    private static Snapshot snap(long id, SnapshotType type, SnapshotStatus status) {
        return new Snapshot(
                id,
                "u" + id,
                1,
                1L,
                "s" + id,
                "vs-" + id,
                type,
                "definition",
                9L,
                status,
                "",
                Instant.EPOCH.plusSeconds(id),
                false,
                "crash",
                0L,
                0L);
    }

    @Test
    void deletesTheOldestOkAutomaticSnapshotsBeyondRetention() {
        List<Snapshot> all = List.of(
                snap(5, SnapshotType.AUTOMATIC, SnapshotStatus.OK),
                snap(2, SnapshotType.AUTOMATIC, SnapshotStatus.OK),
                snap(9, SnapshotType.AUTOMATIC, SnapshotStatus.OK),
                snap(7, SnapshotType.AUTOMATIC, SnapshotStatus.OK));
        assertThat(Retention.toDelete(all, 2)).containsExactly("s2", "s5");
        assertThat(Retention.toDelete(all, 4)).isEmpty();
        assertThat(Retention.toDelete(all, 1)).containsExactly("s2", "s5", "s7");
    }

    @Test
    void zeroKeepsAll() {
        assertThat(Retention.toDelete(List.of(snap(1, SnapshotType.AUTOMATIC, SnapshotStatus.OK)), 0))
                .isEmpty();
    }

    @Test
    void onlyOkAutomaticSnapshotsCountAndGo() {
        List<Snapshot> all = List.of(
                snap(1, SnapshotType.MANUAL, SnapshotStatus.OK),
                snap(2, SnapshotType.AUTOMATIC, SnapshotStatus.LOST),
                snap(3, SnapshotType.AUTOMATIC, SnapshotStatus.PENDING),
                snap(4, SnapshotType.AUTOMATIC, SnapshotStatus.OK),
                snap(5, SnapshotType.AUTOMATIC, SnapshotStatus.OK));
        assertThat(Retention.toDelete(all, 1)).containsExactly("s4");
    }
}

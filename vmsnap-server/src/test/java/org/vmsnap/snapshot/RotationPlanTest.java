package org.vmsnap.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which snapshots a new one replaces, table-driven. */
class RotationPlanTest {
    /** {@code "a b! c"}: snapshots oldest first; a trailing {@code !} marks one that is not OK. */
    private static List<Snapshot> snapshots(String spec) {
        List<Snapshot> out = new ArrayList<>();
        long id = 1;
        for (String token : spec.isBlank() ? new String[0] : spec.split(" ")) {
            boolean busy = token.endsWith("!");
            String name = busy ? token.substring(0, token.length() - 1) : token;
            out.add(new Snapshot(
                    id,
                    "u" + id,
                    1,
                    1L,
                    name,
                    "vs-" + id,
                    SnapshotType.MANUAL,
                    "manual",
                    null,
                    busy ? SnapshotStatus.PENDING : SnapshotStatus.OK,
                    "",
                    Instant.EPOCH.plusSeconds(id),
                    false,
                    "crash",
                    null,
                    null));
            id++;
        }
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // present, enabled, excluded, limit, expected victims (null = refused)
                Arguments.of("", false, "", 4, ""),
                Arguments.of("a b c", false, "", 4, ""),
                Arguments.of("a b c d", false, "", 4, null),
                Arguments.of("a b c d", true, "", 4, "a"),
                Arguments.of("a b c d", true, "a", 4, "b"),
                Arguments.of("a b c d", true, "a b c", 4, "d"),
                Arguments.of("a b c d", true, "a b c d", 4, null),
                Arguments.of("a! b c d", true, "", 4, "b"),
                Arguments.of("a! b! c! d!", true, "", 4, null),
                // Over the limit (the limit was lowered): enough are removed to make room for one.
                Arguments.of("a b c d e f", true, "b", 4, "a c d"),
                Arguments.of("a b c d e f", true, "b c d e", 4, null),
                Arguments.of("a", true, "", 1, "a"),
                Arguments.of("a", false, "", 1, null));
    }

    @ParameterizedTest(name = "[{0}] enabled={1} excluded=[{2}] limit={3} -> {4}")
    @MethodSource("cases")
    void victims(String present, boolean enabled, String excluded, int limit, String expected) {
        List<String> excludedNames = excluded.isBlank() ? List.of() : List.of(excluded.split(" "));
        Optional<List<Snapshot>> plan =
                RotationPlan.victims(snapshots(present), new RotationSettings(enabled, excludedNames, limit));
        if (expected == null) {
            assertThat(plan).isEmpty();
        } else {
            assertThat(plan).isPresent();
            assertThat(String.join(" ", plan.get().stream().map(Snapshot::name).toList()))
                    .isEqualTo(expected);
        }
    }
}

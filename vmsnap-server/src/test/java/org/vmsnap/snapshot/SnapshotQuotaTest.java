package org.vmsnap.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmsnap.snapshot.SnapshotQuota.MB;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmsnap.inventory.VmSnapshotLimits;
import org.vmsnap.shared.Rule;

/** Danube §7.2's create limits, table-driven: which rule (if any) a create breaks. */
class SnapshotQuotaTest {
    private static final Optional<Long> NONE = Optional.empty();
    private static final long DISK = 16 * MB;

    private static Optional<Long> of(long value) {
        return Optional.of(value);
    }

    private static VmSnapshotLimits limits(
            Optional<Long> manual, Optional<Long> auto, Optional<Long> sizeMb, Optional<Long> percent) {
        return new VmSnapshotLimits(manual, auto, sizeMb, percent);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // description, type, vm limits, dc limit MB, count of type, vm bytes, dc bytes, expected
                Arguments.of(
                        "no limits", SnapshotType.MANUAL, VmSnapshotLimits.NONE, NONE, 1000, 99 * MB, 99 * MB, null),
                Arguments.of("manual below", SnapshotType.MANUAL, limits(of(2), NONE, NONE, NONE), NONE, 1, 0, 0, null),
                Arguments.of(
                        "manual reached",
                        SnapshotType.MANUAL,
                        limits(of(2), NONE, NONE, NONE),
                        NONE,
                        2,
                        0,
                        0,
                        Rule.SNAPSHOT_LIMIT_REACHED),
                Arguments.of(
                        "manual 0 refuses the first",
                        SnapshotType.MANUAL,
                        limits(of(0), NONE, NONE, NONE),
                        NONE,
                        0,
                        0,
                        0,
                        Rule.SNAPSHOT_LIMIT_REACHED),
                Arguments.of(
                        "manual limit does not bind automatic ones",
                        SnapshotType.AUTOMATIC,
                        limits(of(0), NONE, NONE, NONE),
                        NONE,
                        5,
                        0,
                        0,
                        null),
                Arguments.of(
                        "auto reached",
                        SnapshotType.AUTOMATIC,
                        limits(NONE, of(3), NONE, NONE),
                        NONE,
                        3,
                        0,
                        0,
                        Rule.SNAPSHOT_LIMIT_REACHED),
                Arguments.of(
                        "auto limit does not bind manual ones",
                        SnapshotType.MANUAL,
                        limits(NONE, of(0), NONE, NONE),
                        NONE,
                        3,
                        0,
                        0,
                        null),
                Arguments.of(
                        "size one byte below",
                        SnapshotType.MANUAL,
                        limits(NONE, NONE, of(2), NONE),
                        NONE,
                        0,
                        2 * MB - 1,
                        0,
                        null),
                Arguments.of(
                        "size reached exactly",
                        SnapshotType.MANUAL,
                        limits(NONE, NONE, of(2), NONE),
                        NONE,
                        0,
                        2 * MB,
                        0,
                        Rule.SNAPSHOT_SIZE_LIMIT_REACHED),
                Arguments.of(
                        "size binds automatic ones too",
                        SnapshotType.AUTOMATIC,
                        limits(NONE, NONE, of(2), NONE),
                        NONE,
                        0,
                        3 * MB,
                        0,
                        Rule.SNAPSHOT_SIZE_LIMIT_REACHED),
                Arguments.of(
                        "percent: 25 % of 16 MB = 4 MB, below",
                        SnapshotType.MANUAL, limits(NONE, NONE, NONE, of(25)), NONE, 0, 4 * MB - 1, 0, null),
                Arguments.of(
                        "percent reached",
                        SnapshotType.MANUAL,
                        limits(NONE, NONE, NONE, of(25)),
                        NONE,
                        0,
                        4 * MB,
                        0,
                        Rule.SNAPSHOT_SIZE_LIMIT_REACHED),
                Arguments.of(
                        "MB limit takes precedence over percent",
                        SnapshotType.MANUAL,
                        limits(NONE, NONE, of(100), of(1)),
                        NONE,
                        0,
                        50 * MB,
                        0,
                        null),
                Arguments.of(
                        "percent above 100",
                        SnapshotType.MANUAL,
                        limits(NONE, NONE, NONE, of(200)),
                        NONE,
                        0,
                        31 * MB,
                        0,
                        null),
                Arguments.of(
                        "huge percent does not overflow",
                        SnapshotType.MANUAL,
                        limits(NONE, NONE, NONE, of(Long.MAX_VALUE)),
                        NONE,
                        0,
                        Long.MAX_VALUE / 1000,
                        0,
                        null),
                Arguments.of("dc below", SnapshotType.MANUAL, VmSnapshotLimits.NONE, of(10), 0, 0, 10 * MB - 1, null),
                Arguments.of(
                        "dc reached",
                        SnapshotType.MANUAL,
                        VmSnapshotLimits.NONE,
                        of(10),
                        0,
                        0,
                        10 * MB,
                        Rule.DC_SNAPSHOT_SIZE_LIMIT_REACHED),
                Arguments.of(
                        "dc 0 refuses even in an empty DC",
                        SnapshotType.AUTOMATIC,
                        VmSnapshotLimits.NONE,
                        of(0),
                        0,
                        0,
                        0,
                        Rule.DC_SNAPSHOT_SIZE_LIMIT_REACHED),
                Arguments.of(
                        "count is checked before size",
                        SnapshotType.MANUAL,
                        limits(of(1), NONE, of(1), NONE),
                        of(1),
                        1,
                        MB,
                        MB,
                        Rule.SNAPSHOT_LIMIT_REACHED),
                Arguments.of(
                        "vm size before dc size",
                        SnapshotType.MANUAL,
                        limits(of(9), NONE, of(1), NONE),
                        of(1),
                        1,
                        MB,
                        MB,
                        Rule.SNAPSHOT_SIZE_LIMIT_REACHED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusal(
            String description,
            SnapshotType type,
            VmSnapshotLimits vm,
            Optional<Long> dcLimit,
            long ofType,
            long vmBytes,
            long dcBytes,
            Rule expected) {
        var usage = new SnapshotQuota.Usage(ofType, vmBytes, DISK, dcBytes);
        assertThat(SnapshotQuota.refusal(type, vm, dcLimit, usage)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void refusalsReadAsDanubeWordsThem(Rule rule, String words) {
        assertThat(SnapshotQuota.describe(rule)).isEqualTo(words);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(Rule.SNAPSHOT_LIMIT_REACHED, "VM snapshot limit reached"),
                Arguments.of(Rule.SNAPSHOT_SIZE_LIMIT_REACHED, "VM snapshot size limit reached"),
                Arguments.of(Rule.DC_SNAPSHOT_SIZE_LIMIT_REACHED, "DC snapshot size limit reached"));
    }
}

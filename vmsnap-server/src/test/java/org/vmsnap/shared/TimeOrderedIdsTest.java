package org.vmsnap.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void uuidsAreVersion7WithTheCurrentTimeFirst() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.uuid();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAndNoneRepeat() throws InterruptedException {
        String first = TimeOrderedIds.hex(32);
        UUID firstUuid = TimeOrderedIds.uuid();
        Thread.sleep(2); // a later millisecond
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String hex = TimeOrderedIds.hex(32);
            assertThat(hex).hasSize(32).matches("[0-9a-f]+").isGreaterThan(first);
            assertThat(TimeOrderedIds.uuid().toString()).isGreaterThan(firstUuid.toString());
            assertThat(seen.add(hex)).as("repeated id " + hex).isTrue();
        }
    }

    @Test
    void hexIdsKeepAtLeastNineRandomDigits() {
        assertThat(TimeOrderedIds.hex(20)).hasSize(20);
        assertThatThrownBy(() -> TimeOrderedIds.hex(19)).isInstanceOf(IllegalArgumentException.class);
    }
}

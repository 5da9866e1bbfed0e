package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OwnerMapTest {

    @Test
    void singleOwnerUntilASecondLayerMerges() {
        OwnerMap map = new OwnerMap();
        map.merge(7, 3);
        map.merge(7, 3);
        assertThat(map.owner(7)).isEqualTo(3);
        map.merge(7, 0);
        assertThat(map.owner(7)).isEqualTo(OwnerMap.MULTIPLE);
        map.merge(7, 3);
        assertThat(map.owner(7)).isEqualTo(OwnerMap.MULTIPLE);
        assertThat(map.owner(8)).isEqualTo(OwnerMap.NONE);
    }

    @Test
    void marksAreIndependentOfOwners() {
        OwnerMap map = new OwnerMap();
        assertThat(map.mark(5)).isTrue();
        assertThat(map.mark(5)).isFalse();
        assertThat(map.owner(5)).isEqualTo(OwnerMap.NONE);
        map.merge(5, 2);
        assertThat(map.owner(5)).isEqualTo(2);
        assertThat(map.isMarked(5)).isTrue();
        assertThat(map.isMarked(6)).isFalse();
        assertThat(map.markedCount()).isEqualTo(1);
    }

    @Test
    void agreesWithAHashMapAcrossGrowth() {
        OwnerMap map = new OwnerMap();
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 300_000; i++) {
            long key = random.nextInt(100_000) * 4099L;
            int owner = random.nextInt(4);
            map.merge(key, owner);
            expected.merge(key, owner, (a, b) -> a.equals(b) ? a : OwnerMap.MULTIPLE);
        }
        long[] counts = map.countSingleOwners(4);
        for (int owner = 0; owner < 4; owner++) {
            int o = owner;
            assertThat(counts[owner])
                    .isEqualTo(expected.values().stream().filter(v -> v == o).count());
        }
        expected.forEach((key, owner) -> assertThat(map.owner(key)).isEqualTo(owner));
    }
}

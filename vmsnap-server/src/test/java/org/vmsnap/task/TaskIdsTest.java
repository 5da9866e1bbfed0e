package org.vmsnap.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdsTest {
    private static final String HEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}";

    @Test
    void realIdOfAUserAction() {
        String id = TaskIds.real(1, false, 3, 2);
        assertThat(id).matches("1e3d2-" + HEX);
        assertThat(TaskIds.valid(id)).isTrue();
        assertThat(TaskIds.automatic(id)).isFalse();
        assertThat(TaskIds.dummy(id)).isFalse();
        assertThat(TaskIds.users(id)).hasValueSatisfying(u -> assertThat(u).containsExactly(1L, 3L));
    }

    @Test
    void realIdOfAnAutomaticTask() {
        String id = TaskIds.real(12, true, 7, 1);
        assertThat(id).matches("12a7d1-" + HEX);
        assertThat(TaskIds.valid(id)).isTrue();
        assertThat(TaskIds.automatic(id)).isTrue();
        assertThat(TaskIds.dummy(id)).isFalse();
        assertThat(TaskIds.users(id)).hasValueSatisfying(u -> assertThat(u).containsExactly(12L, 7L));
    }

    @Test
    void realIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(TaskIds.real(1, false, 1, 1));
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void dummyIdOfUserOneUsesMd5Tail() {
        String id = TaskIds.dummy(1, 1, 1);
        assertThat(id).matches("1d1d1-6f75849b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
        assertThat(TaskIds.valid(id)).isTrue();
        assertThat(TaskIds.dummy(id)).isTrue();
        assertThat(TaskIds.automatic(id)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1, 6f75849b", "2, cc14862c", "10, d163e820"})
    void dummyIdFirstGroupIsMd5OfTheUserId(long user, String md5Tail) {
        // md5("1") = c4ca4238a0b923820dcc509a6f75849b, md5("2") = c81e728d9d4c2f636f067f89cc14862c,
        // md5("10") = d3d9446802a44259755d38e6d163e820
        String id = TaskIds.dummy(user, 5, 1);
        assertThat(id.split("-")[1]).isEqualTo(md5Tail);
    }

    @Test
    void idWithTheUsersMd5GroupCountsAsDummyWhateverItsType() {
        assertThat(TaskIds.dummy("1e1d1-6f75849b-0d99-4843-9b6d")).isTrue();
        assertThat(TaskIds.dummy("1e1d1-1c674526-0d99-4843-9b6d")).isFalse();
        // The md5 group of user 1 does not make user 2's id a dummy.
        assertThat(TaskIds.dummy("2e1d1-6f75849b-0d99-4843-9b6d")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1e1d1-1c674526-0d99-4843-9b6d",
                "1a1d1-1c674526-0d99-4843-9b6d",
                "1d1d1-6f75849b-0d99-4843-9b6d",
                "1m1u1-1c674526-0d99-4843-9b6d",
                "1i1d1-1c674526-0d99-4843-9b6d",
                "1f1d1-1c674526-0d99-4843-9b6d",
                "123e45d6-abcdef01-2345-6789-abcd"
            })
    void wellFormedIds(String id) {
        assertThat(TaskIds.valid(id)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "1e1-6f75849b-564b-4be3-bff0",
                "1e1d1-6f75849b-564b-4be3",
                "1e1d1-6f75849b-564b-4be3-bff0-1234",
                "1x1d1-1c674526-0d99-4843-9b6d",
                "1e1x1-1c674526-0d99-4843-9b6d",
                "e1d1-1c674526-0d99-4843-9b6d",
                "1e1d-1c674526-0d99-4843-9b6d",
                "1e1d1-1C674526-0d99-4843-9b6d",
                "1e1d1-1c67452g-0d99-4843-9b6d",
                "1e1d1-1c67452-0d99-4843-9b6d",
                " 1e1d1-1c674526-0d99-4843-9b6d",
                "1e1d1-1c674526-0d99-4843-9b6d\n",
                "1e1d1_1c674526-0d99-4843-9b6d",
                "../1e1d1-1c674526-0d99-4843-9b6d"
            })
    void malformedIdsAreInvalid(String id) {
        assertThat(TaskIds.valid(id)).isFalse();
        if (id != null) {
            assertThat(TaskIds.dummy(id)).isFalse();
            assertThat(TaskIds.automatic(id)).isFalse();
            assertThat(TaskIds.users(id)).isEmpty();
        }
    }
}

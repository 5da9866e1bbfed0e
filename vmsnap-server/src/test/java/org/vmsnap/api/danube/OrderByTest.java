package org.vmsnap.api.danube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmsnap.api.danube.OrderBy.InvalidOrderBy;
import org.vmsnap.api.danube.OrderBy.Key;
import org.vmsnap.snapshot.SnapshotQuery.Field;

class OrderByTest {
    /** The same map SnapshotController uses for {@code order_by}. */
    private static final Map<String, Field> FIELDS = OrderBy.fields(
            "name", Field.NAME,
            "disk_id", Field.DISK_ID,
            "size", Field.SIZE,
            "created", Field.CREATED,
            "hostname", Field.HOSTNAME);

    @ParameterizedTest
    @CsvSource({
        "name, NAME, false",
        "-name, NAME, true",
        "+name, NAME, true",
        "disk_id, DISK_ID, false",
        "-created, CREATED, true",
        "'  size  ', SIZE, false",
        "' -hostname', HOSTNAME, true"
    })
    void oneKey(String value, Field field, boolean descending) {
        assertThat(OrderBy.parse(Optional.of(value), FIELDS)).containsExactly(new Key<>(field, descending));
    }

    @Test
    void severalKeysKeepTheirOrder() {
        assertThat(OrderBy.parse(Optional.of("hostname,-created, +size,disk_id"), FIELDS))
                .containsExactly(
                        new Key<>(Field.HOSTNAME, false),
                        new Key<>(Field.CREATED, true),
                        new Key<>(Field.SIZE, true),
                        new Key<>(Field.DISK_ID, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankMeansNoOrder(String value) {
        assertThat(OrderBy.parse(Optional.of(value), FIELDS)).isEmpty();
    }

    @Test
    void absentMeansNoOrder() {
        assertThat(OrderBy.parse(Optional.empty(), FIELDS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "-foo", "name,foo", "Name", "--name", "id", "vm__hostname"})
    void unknownFieldListsThePossibleOnes(String value) {
        assertThatThrownBy(() -> OrderBy.parse(Optional.of(value), FIELDS))
                .isInstanceOf(InvalidOrderBy.class)
                .hasMessage("Invalid order_by; Possible sort fields are: name, disk_id, size, created, hostname");
    }

    @Test
    void fieldsKeepsInsertionOrder() {
        Map<String, Integer> map = OrderBy.fields("b", 2, "a", 1, "c", 3);
        assertThat(map.keySet()).containsExactly("b", "a", "c");
        assertThat(map).containsEntry("a", 1).containsEntry("b", 2).containsEntry("c", 3);
    }
}

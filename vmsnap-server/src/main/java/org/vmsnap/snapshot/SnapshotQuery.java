package org.vmsnap.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which snapshots of a VM to list, in what order.
 *
 * @param diskPosition only this disk
 * @param defineName only snapshots made by this definition
 */
public record SnapshotQuery(
        Optional<Integer> diskPosition, Optional<SnapshotType> type, Optional<String> defineName, List<Sort> order) {
    public SnapshotQuery {
        Objects.requireNonNull(diskPosition, "diskPosition");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defineName, "defineName");
        order = List.copyOf(order);
    }

    /** Fields snapshots can be sorted by. */
    public enum Field {
        NAME,
        DISK_ID,
        SIZE,
        CREATED,
        HOSTNAME
    }

    /** One sort key. */
    public record Sort(Field field, boolean descending) {
        public Sort {
            Objects.requireNonNull(field, "field");
        }
    }
}

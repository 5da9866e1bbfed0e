package org.vmsnap.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which snapshots of a VM to list, in what order.
 *
 * @param diskPosition only this disk
 * @param defineIds only snapshots made by one of these definitions
 */
public record SnapshotQuery(
        Optional<Integer> diskPosition, Optional<SnapshotType> type, Optional<List<Long>> defineIds, List<Sort> order) {
    public SnapshotQuery {
        Objects.requireNonNull(diskPosition, "diskPosition");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defineIds, "defineIds");
        defineIds = defineIds.map(List::copyOf);
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

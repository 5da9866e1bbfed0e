package org.vmsnap.inventory;

import java.util.List;

/**
 * Published (synchronously, inside the transaction) when disks and their images are removed, so modules that keep
 * rows about those disks can drop them first.
 */
public record DisksDiscarded(List<Long> diskIds) {
    public DisksDiscarded {
        diskIds = List.copyOf(diskIds);
    }
}

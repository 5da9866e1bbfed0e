package org.vmsnap.snapshot;

import java.util.List;

/** One page of a snapshot listing and how many match in all. */
public record DriveSnapshotPage(long totalCount, List<DriveSnapshotView> snapshots) {
    public DriveSnapshotPage {
        snapshots = List.copyOf(snapshots);
    }
}

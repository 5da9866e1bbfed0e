package org.vmsnap.snapshot;

import java.util.Objects;
import org.vmsnap.inventory.DriveView;

/**
 * A clone under way: the new drive (status CLONING) and the uuid of the task copying into it.
 *
 * @param jobUuid the task's uuid (CloudSigma shows it as a job)
 */
public record CloneStarted(DriveView drive, String jobUuid) {
    public CloneStarted {
        Objects.requireNonNull(drive, "drive");
        Objects.requireNonNull(jobUuid, "jobUuid");
    }
}

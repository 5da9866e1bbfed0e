package org.vmsnap.inventory;

import java.util.Map;
import java.util.Objects;

/**
 * A disk as the drive-addressed front doors show it (a CloudSigma drive).
 *
 * @param ownerUuid the owner's user uuid
 * @param vmUuid uuid of the VM it is attached to, or null when unattached
 * @param vmState state of that VM, or null
 * @param meta free-form string map, in key order
 */
public record DriveView(Disk disk, String ownerUuid, String vmUuid, VmState vmState, Map<String, String> meta) {
    public DriveView {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(ownerUuid, "ownerUuid");
        meta = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(meta));
    }

    /** Attached to a VM that is running. */
    public boolean mounted() {
        return vmState == VmState.RUNNING || vmState == VmState.STOPPING;
    }
}

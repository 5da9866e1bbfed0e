package org.vmsnap.snapshot;

import java.util.Objects;

/**
 * Copy snapshot {@code name} of a VM's disk into another VM's disk of the same size.
 *
 * @param force discard the target disk's snapshots; without it a target with snapshots is refused
 */
public record RestoreCommand(
        String vmRef, int diskPosition, String name, String targetVmRef, int targetDiskPosition, boolean force) {
    public RestoreCommand {
        Objects.requireNonNull(vmRef, "vmRef");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targetVmRef, "targetVmRef");
    }
}

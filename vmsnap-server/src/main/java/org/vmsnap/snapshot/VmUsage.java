package org.vmsnap.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.inventory.VmState;

/**
 * What a VM occupies: its disks and their snapshots as last measured from the images, and, while it runs, the
 * figures of its QEMU process.
 *
 * @param runtime present only while the VM runs and its process answers
 */
public record VmUsage(long vmId, VmState state, List<DiskUsage> disks, Optional<RuntimeUsage> runtime) {
    public VmUsage {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(runtime, "runtime");
        disks = List.copyOf(disks);
    }

    /**
     * One disk.
     *
     * @param sizeBytes guest-visible size
     * @param snapshotBytes what deleting all its snapshots would free, at least (sum of their exclusive bytes)
     */
    public record DiskUsage(int position, String uuid, long sizeBytes, int snapshots, long snapshotBytes) {}

    public long diskBytes() {
        return disks.stream().mapToLong(DiskUsage::sizeBytes).sum();
    }

    public long snapshotBytes() {
        return disks.stream().mapToLong(DiskUsage::snapshotBytes).sum();
    }
}

package org.vmsnap.inventory;

import java.time.Duration;
import java.util.Objects;

/**
 * What a running VM uses, cumulated since its QEMU process started.
 *
 * @param cpuTime CPU time of the QEMU process (user + system)
 * @param memoryBytes resident memory of the QEMU process
 * @param blockReadBytes bytes read by the guest from all its disks
 * @param blockWrittenBytes bytes written by the guest to all its disks
 * @param blockReadOps read requests of the guest
 * @param blockWriteOps write requests of the guest
 */
public record RuntimeUsage(
        Duration cpuTime,
        long memoryBytes,
        long blockReadBytes,
        long blockWrittenBytes,
        long blockReadOps,
        long blockWriteOps) {
    public RuntimeUsage {
        Objects.requireNonNull(cpuTime, "cpuTime");
        if (memoryBytes < 0 || blockReadBytes < 0 || blockWrittenBytes < 0 || blockReadOps < 0 || blockWriteOps < 0) {
            throw new IllegalArgumentException("usage figures must not be negative");
        }
    }
}

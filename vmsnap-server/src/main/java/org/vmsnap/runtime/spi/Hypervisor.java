package org.vmsnap.runtime.spi;

import java.time.Duration;
import java.util.Optional;
import org.vmsnap.inventory.RuntimeUsage;

/**
 * Runs VMs. Methods are synchronous and bounded by timeouts; failures are
 * {@link org.vmsnap.shared.StorageException}s with QEMU's message.
 */
public interface Hypervisor {
    /** Launches the VM and returns once its monitor answers. */
    RunningVm start(LaunchSpec spec);

    /** Whether the VM's QEMU is there and its guest not shut down (QMP {@code query-status}). */
    boolean isRunning(RunningVm vm);

    /**
     * Stops the VM: an ACPI power-down, then a hard stop when the guest has not powered off within {@code grace}
     * (at once with a zero grace). Returns once the QEMU process is gone.
     */
    void stop(RunningVm vm, Duration grace);

    /**
     * What the VM uses now: CPU time and resident memory of its QEMU process (when vmsnap launched it), block I/O
     * of its disks from QMP {@code query-blockstats}. Empty when it cannot be asked.
     */
    Optional<RuntimeUsage> usage(RunningVm vm);
}

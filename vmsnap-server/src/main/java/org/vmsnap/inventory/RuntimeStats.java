package org.vmsnap.inventory;

import java.util.Optional;

/**
 * Live usage figures of a running VM, read from its QEMU process and QMP ({@code query-blockstats}, the process's
 * CPU time and resident memory). Implemented by the running-VM work; until a bean of this type exists, no VM has
 * runtime figures.
 *
 * <p>Implementations return empty for a VM that is not {@link VmState#RUNNING} (they are not asked for those
 * anyway), and empty rather than an error when the process cannot be asked in time. Bounded by the
 * implementation's own timeouts; thread-safe.
 */
public interface RuntimeStats {
    /** The figures of {@code vm} now, or empty when it does not run or cannot be asked. */
    Optional<RuntimeUsage> of(Vm vm);
}

package org.vmsnap.runtime;

import java.nio.file.Path;
import java.time.Instant;
import org.vmsnap.runtime.spi.RunningVm;

/**
 * How a VM runs.
 *
 * @param managed vmsnap launches and stops it; otherwise it is attached through {@code qmpSocket} and only read
 * @param kernel direct kernel boot (managed VMs), or null to boot from the first disk
 * @param qmpSocket the QEMU monitor while it runs (managed) or always (attached)
 * @param agentSocket the guest agent channel, or null
 * @param pid the QEMU process of a managed VM while it runs
 */
public record VmRuntime(
        long vmId,
        boolean managed,
        int ramMb,
        int vcpus,
        Path kernel,
        Path initrd,
        String cmdline,
        Path qmpSocket,
        Path agentSocket,
        Long pid,
        Instant startedAt) {
    public VmRuntime {
        if (ramMb < 16 || ramMb > 1_048_576 || vcpus < 1 || vcpus > 64) {
            throw new IllegalArgumentException("ram or vcpus out of range");
        }
        if (!managed && qmpSocket == null) {
            throw new IllegalArgumentException("an attached VM needs its QMP socket");
        }
    }

    /** The same managed VM, now run by {@code process} since {@code since}. */
    public VmRuntime started(RunningVm process, Instant since) {
        return new VmRuntime(
                vmId,
                true,
                ramMb,
                vcpus,
                kernel,
                initrd,
                cmdline,
                process.qmpSocket(),
                process.agentSocket(),
                process.pid(),
                since);
    }

    /** The same managed VM with no process. */
    public VmRuntime stopped() {
        return new VmRuntime(vmId, true, ramMb, vcpus, kernel, initrd, cmdline, null, null, null, null);
    }

    /**
     * The QEMU behind this VM on {@code node} (null: the embedded node), as the hypervisor is asked about it (needs
     * its {@code qmpSocket}).
     */
    public RunningVm process(String node) {
        return new RunningVm(pid, qmpSocket, agentSocket, node);
    }

    /** A VM vmsnap launches, booting from its first disk. */
    public static VmRuntime defaults(long vmId) {
        return new VmRuntime(vmId, true, 512, 1, null, null, null, null, null, null, null);
    }
}

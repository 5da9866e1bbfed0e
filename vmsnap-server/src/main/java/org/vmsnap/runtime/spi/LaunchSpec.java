package org.vmsnap.runtime.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to run: built by the core from its own records.
 *
 * @param vmUuid names the VM's sockets and logs (never the user's hostname)
 * @param disks the VM's images in disk_id order
 * @param kernel direct kernel boot, or null to boot from the first disk
 * @param initrd initial ramdisk for a direct kernel boot, or null
 * @param cmdline kernel command line for a direct kernel boot, or null
 * @param resumeFrom the internal snapshot (a core-made storage tag) whose saved memory and disk state the VM starts
 *     in, instead of booting; or null
 * @param node the node to run it on (its hostname: the paths are that host's), or null for the server's own embedded
 *     node
 */
public record LaunchSpec(
        String vmUuid,
        int ramMb,
        int vcpus,
        List<Path> disks,
        Path kernel,
        Path initrd,
        String cmdline,
        String resumeFrom,
        String node) {
    public LaunchSpec {
        Objects.requireNonNull(vmUuid, "vmUuid");
        if (!vmUuid.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a uuid: " + vmUuid);
        }
        if (ramMb < 16 || vcpus < 1) {
            throw new IllegalArgumentException("ram and vcpus must be positive");
        }
        disks = List.copyOf(disks);
        if (resumeFrom != null && !resumeFrom.matches("[a-z]{2}-[0-9]+")) {
            throw new IllegalArgumentException("not a storage tag: " + resumeFrom);
        }
    }

    /** A VM on the embedded node that boots. */
    public LaunchSpec(String vmUuid, int ramMb, int vcpus, List<Path> disks, Path kernel, Path initrd, String cmdline) {
        this(vmUuid, ramMb, vcpus, disks, kernel, initrd, cmdline, null, null);
    }
}

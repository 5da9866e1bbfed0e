package org.vmsnap.node.wire;

import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.runtime.spi.RunningVm;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageCheck;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.NbdExport;

/**
 * An agent's answer to a {@link StorageCall} or a {@link VmCall}: done (with what the method returns), or the
 * driver's or hypervisor's failure.
 *
 * @param ok whether the call was carried out
 * @param error the failure's message (QEMU's words), when not ok
 * @param returnCode the failed program's exit code, when not ok
 * @param locked when not ok: a running VM holds the image
 * @param info what {@code INSPECT} read; for a snapshot create or delete on an offline image, the image as it is
 *     after it (or null); else null
 * @param freeze what a snapshot create did about the freeze, else null
 * @param started the QEMU a VM start launched, else null
 * @param running what a running check found, else null
 * @param usage what a usage call read (null also when the VM could not be asked)
 * @param export where a snapshot export listens, else null
 * @param check what a repair found and fixed, else null
 */
public record StorageReply(
        boolean ok,
        String error,
        int returnCode,
        boolean locked,
        ImageInfo info,
        FreezeOutcome freeze,
        RunningVm started,
        Boolean running,
        RuntimeUsage usage,
        NbdExport export,
        ImageCheck check) {
    public static StorageReply done() {
        return new StorageReply(true, null, 0, false, null, null, null, null, null, null, null);
    }

    public static StorageReply inspected(ImageInfo info) {
        return new StorageReply(true, null, 0, false, info, null, null, null, null, null, null);
    }

    /** A snapshot made, with the image as it is now where it was read (else null). */
    public static StorageReply created(FreezeOutcome freeze, ImageInfo after) {
        return new StorageReply(true, null, 0, false, after, freeze, null, null, null, null, null);
    }

    public static StorageReply started(RunningVm vm) {
        return new StorageReply(true, null, 0, false, null, null, vm, null, null, null, null);
    }

    public static StorageReply running(boolean running) {
        return new StorageReply(true, null, 0, false, null, null, null, running, null, null, null);
    }

    public static StorageReply exported(NbdExport export) {
        return new StorageReply(true, null, 0, false, null, null, null, null, null, export, null);
    }

    public static StorageReply checked(ImageCheck check) {
        return new StorageReply(true, null, 0, false, null, null, null, null, null, null, check);
    }

    public static StorageReply usage(RuntimeUsage usage) {
        return new StorageReply(true, null, 0, false, null, null, null, null, usage, null, null);
    }

    /** The agent would not run the call at all (it names a path outside the node's data directory). */
    public static StorageReply refusal(String error) {
        return new StorageReply(false, REFUSED_PREFIX + error, 1, false, null, null, null, null, null, null, null);
    }

    /** Whether this is a {@link #refusal}: a call that should never have been sent. */
    public boolean refused() {
        return !ok && error != null && error.startsWith(REFUSED_PREFIX);
    }

    private static final String REFUSED_PREFIX = "refused: ";

    public static StorageReply failed(String error, int returnCode, boolean locked) {
        return new StorageReply(
                false, error == null ? "" : error, returnCode, locked, null, null, null, null, null, null, null);
    }
}

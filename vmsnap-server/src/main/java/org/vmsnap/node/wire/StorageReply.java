package org.vmsnap.node.wire;

import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageInfo;

/**
 * An agent's answer to a {@link StorageCall}: done (with what the method returns), or the driver's failure.
 *
 * @param ok whether the call was carried out
 * @param error the failure's message (QEMU's words), when not ok
 * @param returnCode the failed program's exit code, when not ok
 * @param locked when not ok: a running VM holds the image
 * @param info what {@code INSPECT} read, else null
 * @param freeze what a snapshot create did about the freeze, else null
 */
public record StorageReply(
        boolean ok, String error, int returnCode, boolean locked, ImageInfo info, FreezeOutcome freeze) {
    public static StorageReply done() {
        return new StorageReply(true, null, 0, false, null, null);
    }

    public static StorageReply inspected(ImageInfo info) {
        return new StorageReply(true, null, 0, false, info, null);
    }

    public static StorageReply created(FreezeOutcome freeze) {
        return new StorageReply(true, null, 0, false, null, freeze);
    }

    public static StorageReply failed(String error, int returnCode, boolean locked) {
        return new StorageReply(false, error == null ? "" : error, returnCode, locked, null, null);
    }
}

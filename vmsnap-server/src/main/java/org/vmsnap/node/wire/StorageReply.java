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

    /** The agent would not run the call at all (it names a path outside the node's data directory). */
    public static StorageReply refusal(String error) {
        return new StorageReply(false, REFUSED_PREFIX + error, 1, false, null, null);
    }

    /** Whether this is a {@link #refusal}: a call that should never have been sent. */
    public boolean refused() {
        return !ok && error != null && error.startsWith(REFUSED_PREFIX);
    }

    private static final String REFUSED_PREFIX = "refused: ";

    public static StorageReply failed(String error, int returnCode, boolean locked) {
        return new StorageReply(false, error == null ? "" : error, returnCode, locked, null, null);
    }
}

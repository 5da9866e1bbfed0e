package org.vmsnap.agent;

import org.vmsnap.node.wire.StorageCall;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;

/**
 * Carries out one storage call on this node with the local driver. Images must lie in this node's image directory
 * and sockets in its data or run directory ({@link NodeFiles}): a call naming any other path is refused before anything runs. Calls are
 * idempotent by tag, so a message delivered again (after a lost acknowledgement, or a crash of the agent) does no
 * harm: a redelivered create finds its tag and succeeds, a redelivered delete finds none and succeeds. A first
 * delivery is carried out at once, without the look at the snapshot table.
 */
final class StorageHandler {
    private final StorageDriver driver;
    private final NodeFiles files;

    StorageHandler(StorageDriver driver, NodeFiles files) {
        this.driver = driver;
        this.files = files;
    }

    /** Carries out the call; {@code redelivered}: the broker may have handed it to this node before. */
    StorageReply handle(StorageCall call, boolean redelivered) {
        for (ImageRef image : call.allImages()) {
            if (!files.image(image.path())
                    || (image.live() != null
                            && (!files.socket(image.live().qmpSocket())
                                    || (image.live().agentSocket() != null
                                            && !files.socket(image.live().agentSocket()))))) {
                return StorageReply.refusal("image outside this node's data directory");
            }
        }
        try {
            return run(call, redelivered);
        } catch (ImageLockedException e) {
            return StorageReply.failed(e.getMessage(), e.returnCode(), true);
        } catch (StorageException e) {
            return StorageReply.failed(e.getMessage(), e.returnCode(), false);
        }
    }

    private StorageReply run(StorageCall call, boolean redelivered) {
        ImageRef image = call.image();
        switch (call.op()) {
            case CREATE_IMAGE -> {
                if (!image.path().toFile().exists()) {
                    driver.createImage(image, call.sizeBytes());
                }
            }
            case DELETE_IMAGE -> driver.deleteImage(image);
            case INSPECT -> {
                return StorageReply.inspected(driver.inspect(image));
            }
            case CREATE_SNAPSHOT -> {
                if (redelivered && hasTag(image, call.tag())) {
                    return StorageReply.created(FreezeOutcome.NOT_ASKED);
                }
                return StorageReply.created(driver.createSnapshot(image, call.tag(), call.fsfreeze()));
            }
            case SAVE_VM_STATE -> driver.createVmStateSnapshot(call.images(), call.tag());
            case LOAD_VM_STATE -> driver.loadVmStateSnapshot(call.images(), call.tag());
            case DELETE_SNAPSHOT -> {
                if (!redelivered || hasTag(image, call.tag())) {
                    driver.deleteSnapshot(image, call.tag());
                }
            }
            case REVERT -> driver.revertToSnapshot(image, call.tag());
            case COPY -> driver.copySnapshotInto(image, call.tag(), call.target());
            case DISCARD_LEFTOVERS -> driver.discardLeftovers(image);
        }
        return StorageReply.done();
    }

    private boolean hasTag(ImageRef image, String tag) {
        return driver.inspect(image).snapshots().stream().anyMatch(s -> s.tag().equals(tag));
    }
}

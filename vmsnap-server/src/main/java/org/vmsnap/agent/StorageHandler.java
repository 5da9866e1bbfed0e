package org.vmsnap.agent;

import org.vmsnap.node.wire.StorageCall;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.TransferCall;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageInfo;
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
    private final String address;

    /** {@code address}: where this node listens for the copies other nodes read from it. */
    StorageHandler(StorageDriver driver, NodeFiles files, String address) {
        this.driver = driver;
        this.files = files;
        this.address = address;
    }

    /**
     * Carries out a step of a copy between nodes: exports a snapshot of an image of this node on this node's address,
     * reads another node's export into an image of this node, or ends an export.
     */
    StorageReply handle(TransferCall call, boolean redelivered) {
        if (call.image() != null && !files.image(call.image().path())) {
            return StorageReply.refusal("image outside this node's data directory");
        }
        try {
            return switch (call.op()) {
                case EXPORT -> {
                    if (redelivered) {
                        driver.endExport(call.name()); // the first delivery's export, if it started one
                    }
                    yield StorageReply.exported(
                            driver.exportSnapshot(call.image(), call.tag(), address, call.name(), call.key()));
                }
                case READ -> {
                    driver.copyFromExport(call.from(), call.key(), call.image());
                    yield StorageReply.done();
                }
                case END -> {
                    driver.endExport(call.name());
                    yield StorageReply.done();
                }
            };
        } catch (ImageLockedException e) {
            return StorageReply.failed(e.getMessage(), e.returnCode(), true);
        } catch (StorageException e) {
            return StorageReply.failed(e.getMessage(), e.returnCode(), false);
        }
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
                FreezeOutcome freeze = redelivered && hasTag(image, call.tag())
                        ? FreezeOutcome.NOT_ASKED
                        : driver.createSnapshot(image, call.tag(), call.fsfreeze());
                return StorageReply.created(freeze, after(image));
            }
            case SAVE_VM_STATE -> {
                if (!redelivered || !hasTag(call.images().get(0), call.tag())) {
                    driver.createVmStateSnapshot(call.images(), call.tag());
                }
            }
            case LOAD_VM_STATE -> driver.loadVmStateSnapshot(call.images(), call.tag());
            case DELETE_SNAPSHOT -> {
                if (!redelivered || hasTag(image, call.tag())) {
                    driver.deleteSnapshot(image, call.tag());
                }
                return StorageReply.inspected(after(image));
            }
            case REVERT -> driver.revertToSnapshot(image, call.tag());
            case COPY -> driver.copySnapshotInto(image, call.tag(), call.target());
            case DISCARD_LEFTOVERS -> driver.discardLeftovers(image);
            case REPAIR -> {
                return StorageReply.checked(driver.repair(image));
            }
        }
        return StorageReply.done();
    }

    /**
     * An offline image as it is after a snapshot was made or removed: the sizes the control plane reads next, sent
     * with the reply instead of asked for in a second call. Null for a running VM's image (its sizes are read when
     * it stops) or when it cannot be read now (the control plane then asks).
     */
    private ImageInfo after(ImageRef image) {
        if (image.live() != null) {
            return null;
        }
        try {
            return driver.inspect(image);
        } catch (StorageException e) {
            return null;
        }
    }

    private boolean hasTag(ImageRef image, String tag) {
        return driver.inspect(image).snapshots().stream().anyMatch(s -> s.tag().equals(tag));
    }
}

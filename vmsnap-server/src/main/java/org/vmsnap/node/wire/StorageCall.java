package org.vmsnap.node.wire;

import java.util.List;
import java.util.Objects;
import org.vmsnap.storage.spi.ImageRef;

/**
 * One call of the storage driver contract, sent to the agent of the node that holds the images. Every call is
 * idempotent by its tag (a storage tag the core made, never user text), so a redelivered message does no harm.
 *
 * @param op which driver method
 * @param image the image it acts on (the source of a copy); null only for the VM-state calls
 * @param tag the snapshot's storage tag, where the method takes one
 * @param fsfreeze for a snapshot create: inside a guest filesystem freeze
 * @param target the target image of a copy, else null
 * @param sizeBytes the size of a new image, else 0
 * @param images the images of one running VM, for the VM-state calls; else empty
 */
public record StorageCall(
        Op op, ImageRef image, String tag, boolean fsfreeze, ImageRef target, long sizeBytes, List<ImageRef> images) {

    /** The driver methods an agent runs. */
    public enum Op {
        CREATE_IMAGE,
        DELETE_IMAGE,
        INSPECT,
        CREATE_SNAPSHOT,
        SAVE_VM_STATE,
        LOAD_VM_STATE,
        DELETE_SNAPSHOT,
        REVERT,
        COPY,
        DISCARD_LEFTOVERS,
        REPAIR
    }

    public StorageCall {
        Objects.requireNonNull(op, "op");
        images = images == null ? List.of() : List.copyOf(images);
        boolean vmState = op == Op.SAVE_VM_STATE || op == Op.LOAD_VM_STATE;
        if (vmState ? images.isEmpty() : image == null) {
            throw new IllegalArgumentException(op + " needs " + (vmState ? "images" : "an image"));
        }
        boolean tagged = switch (op) {
            case CREATE_SNAPSHOT, SAVE_VM_STATE, LOAD_VM_STATE, DELETE_SNAPSHOT, REVERT, COPY -> true;
            default -> false;
        };
        if (tagged && (tag == null || !tag.matches("[a-z]{2}-[0-9]{1,19}"))) {
            throw new IllegalArgumentException("not a storage tag: " + tag);
        }
        if (op == Op.COPY && target == null) {
            throw new IllegalArgumentException("a copy needs a target");
        }
        if (op == Op.CREATE_IMAGE && sizeBytes <= 0) {
            throw new IllegalArgumentException("a new image needs a size");
        }
    }

    public static StorageCall on(Op op, ImageRef image) {
        return new StorageCall(op, image, null, false, null, 0, List.of());
    }

    public static StorageCall tagged(Op op, ImageRef image, String tag) {
        return new StorageCall(op, image, tag, false, null, 0, List.of());
    }

    /** Every image the call names. */
    public List<ImageRef> allImages() {
        List<ImageRef> all = new java.util.ArrayList<>(images);
        if (image != null) {
            all.add(image);
        }
        if (target != null) {
            all.add(target);
        }
        return all;
    }
}

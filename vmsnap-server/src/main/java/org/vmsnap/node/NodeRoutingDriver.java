package org.vmsnap.node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vmsnap.node.wire.StorageCall;
import org.vmsnap.node.wire.StorageCall.Op;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.TransferCall;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageCheck;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.NbdExport;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.storage.spi.TransferKey;

/**
 * The storage driver the core sees: an image of the server's embedded node goes to the local driver in-process, an
 * image of another node to that node's agent through the broker, with the same contract (the agent's failure
 * comes back as the same exception, with QEMU's words). Without a broker every image is the embedded node's.
 */
public final class NodeRoutingDriver implements StorageDriver {
    /** How long an image's state sent with a reply stands in for asking again. */
    private static final long FRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private final StorageDriver local;
    private final Optional<NodeLink> link;
    private final String localAddress;
    /**
     * An offline image's state as the agent read it right after a snapshot create or delete (node and path → when,
     * what). The next inspect of that image, the sizes refresh of the same task a moment later, takes it instead of a
     * second round trip; any other call on the image, or two seconds, makes it void.
     */
    private final Map<String, Fresh> fresh = new ConcurrentHashMap<>();

    private record Fresh(long at, ImageInfo info) {}

    /** {@code localAddress}: where the embedded node listens for copies other nodes read from it. */
    public NodeRoutingDriver(StorageDriver local, Optional<NodeLink> link, String localAddress) {
        this.local = local;
        this.link = link;
        this.localAddress = localAddress;
    }

    /** The broker link that reaches {@code node}'s agent; without a broker, the failure the task reports. */
    static NodeLink linkFor(Optional<NodeLink> link, String node) {
        return link.orElseThrow(
                () -> new StorageException("node " + node + " is served by an agent, and no broker is set", 1));
    }

    private StorageReply remote(String node, StorageCall call) {
        call.allImages().forEach(i -> fresh.remove(key(i)));
        return settle(linkFor(link, node).call(node, call));
    }

    /** The agent's reply if it did the call; its failure as the driver contract's exception. */
    static StorageReply settle(StorageReply reply) {
        if (!reply.ok()) {
            if (reply.locked()) {
                throw new ImageLockedException(reply.error());
            }
            throw new StorageException(reply.error(), reply.returnCode());
        }
        return reply;
    }

    private void remember(ImageRef image, ImageInfo after) {
        if (after != null && image.live() == null) {
            fresh.put(key(image), new Fresh(System.nanoTime(), after));
        }
    }

    private static String key(ImageRef image) {
        return image.node() + ":" + image.path();
    }

    @Override
    public void createImage(ImageRef image, long sizeBytes) {
        if (image.node() == null) {
            local.createImage(image, sizeBytes);
        } else {
            remote(image.node(), new StorageCall(Op.CREATE_IMAGE, image, null, false, null, sizeBytes, List.of()));
        }
    }

    @Override
    public void deleteImage(ImageRef image) {
        if (image.node() == null) {
            local.deleteImage(image);
        } else {
            remote(image.node(), StorageCall.on(Op.DELETE_IMAGE, image));
        }
    }

    @Override
    public ImageInfo inspect(ImageRef image) {
        if (image.node() == null) {
            return local.inspect(image);
        }
        Fresh known = image.live() == null ? fresh.remove(key(image)) : null;
        if (known != null && System.nanoTime() - known.at() < FRESH_NANOS) {
            return known.info();
        }
        return remote(image.node(), StorageCall.on(Op.INSPECT, image)).info();
    }

    @Override
    public void createSnapshot(ImageRef image, String tag) {
        createSnapshot(image, tag, false);
    }

    @Override
    public FreezeOutcome createSnapshot(ImageRef image, String tag, boolean fsfreeze) {
        if (image.node() == null) {
            return local.createSnapshot(image, tag, fsfreeze);
        }
        StorageCall call = new StorageCall(Op.CREATE_SNAPSHOT, image, tag, fsfreeze, null, 0, List.of());
        StorageReply reply = remote(image.node(), call);
        remember(image, reply.info());
        return reply.freeze() == null ? FreezeOutcome.NOT_ASKED : reply.freeze();
    }

    @Override
    public void createVmStateSnapshot(List<ImageRef> images, String tag) {
        String node = images.get(0).node();
        if (node == null) {
            local.createVmStateSnapshot(images, tag);
        } else {
            remote(node, new StorageCall(Op.SAVE_VM_STATE, null, tag, false, null, 0, images));
        }
    }

    @Override
    public void loadVmStateSnapshot(List<ImageRef> images, String tag) {
        String node = images.get(0).node();
        if (node == null) {
            local.loadVmStateSnapshot(images, tag);
        } else {
            remote(node, new StorageCall(Op.LOAD_VM_STATE, null, tag, false, null, 0, images));
        }
    }

    @Override
    public void deleteSnapshot(ImageRef image, String tag) {
        if (image.node() == null) {
            local.deleteSnapshot(image, tag);
        } else {
            remember(
                    image,
                    remote(image.node(), StorageCall.tagged(Op.DELETE_SNAPSHOT, image, tag))
                            .info());
        }
    }

    @Override
    public void revertToSnapshot(ImageRef image, String tag) {
        if (image.node() == null) {
            local.revertToSnapshot(image, tag);
        } else {
            remote(image.node(), StorageCall.tagged(Op.REVERT, image, tag));
        }
    }

    @Override
    public void copySnapshotInto(ImageRef source, String tag, ImageRef target) {
        if (!java.util.Objects.equals(source.node(), target.node())) {
            copyBetweenNodes(source, tag, target);
            return;
        }
        if (source.node() == null) {
            local.copySnapshotInto(source, tag, target);
        } else {
            remote(source.node(), new StorageCall(Op.COPY, source, tag, false, target, 0, List.of()));
        }
    }

    /**
     * Streams the snapshot from the source node to the target node: the source exports it over NBD (TLS with a key
     * made for this copy alone, one client), the target reads it into its image, the source ends the export.
     */
    private void copyBetweenNodes(ImageRef source, String tag, ImageRef target) {
        String name = "copy-" + java.util.UUID.randomUUID();
        TransferKey key = TransferKey.random();
        NbdExport export = source.node() == null
                ? local.exportSnapshot(source, tag, localAddress, name, key)
                : exported(remote(source.node(), TransferCall.export(source, tag, name, key)), source.node());
        try {
            if (target.node() == null) {
                local.copyFromExport(export, key, target);
            } else {
                remote(target.node(), TransferCall.read(export, key, target));
            }
        } finally {
            try {
                if (source.node() == null) {
                    local.endExport(name);
                } else {
                    remote(source.node(), TransferCall.end(name));
                }
            } catch (StorageException e) {
                // the export ends by itself when its one client is gone
            }
        }
    }

    private static NbdExport exported(StorageReply reply, String node) {
        if (reply.export() == null) {
            throw new StorageException("node " + node + " did not say where it exports the snapshot", 1);
        }
        return reply.export();
    }

    private StorageReply remote(String node, TransferCall call) {
        if (call.image() != null) {
            fresh.remove(key(call.image()));
        }
        return settle(linkFor(link, node).call(node, call));
    }

    @Override
    public ImageCheck repair(ImageRef image) {
        if (image.node() == null) {
            return local.repair(image);
        }
        ImageCheck check =
                remote(image.node(), StorageCall.on(Op.REPAIR, image)).check();
        return check == null ? ImageCheck.CLEAN : check;
    }

    @Override
    public void discardLeftovers(ImageRef image) {
        if (image.node() == null) {
            local.discardLeftovers(image);
        } else {
            remote(image.node(), StorageCall.on(Op.DISCARD_LEFTOVERS, image));
        }
    }
}

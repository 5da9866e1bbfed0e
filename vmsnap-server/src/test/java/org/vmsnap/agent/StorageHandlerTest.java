package org.vmsnap.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmsnap.node.wire.StorageCall;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.TransferCall;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.LiveImage;
import org.vmsnap.storage.spi.NbdExport;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.storage.spi.StoredSnapshot;
import org.vmsnap.storage.spi.TransferKey;

/** The agent's checks and idempotence, over a recording driver (the real one is exercised by NodeAgentsTest). */
class StorageHandlerTest {
    private final List<String> calls = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();

    private final StorageDriver driver = new StorageDriver() {
        @Override
        public void createImage(ImageRef image, long sizeBytes) {
            calls.add("createImage");
        }

        @Override
        public void deleteImage(ImageRef image) {
            calls.add("deleteImage");
        }

        @Override
        public ImageInfo inspect(ImageRef image) {
            return new ImageInfo(
                    1,
                    tags.stream()
                            .map(t -> new StoredSnapshot(t, Instant.EPOCH, 0, 0))
                            .toList());
        }

        @Override
        public void createSnapshot(ImageRef image, String tag) {
            calls.add("create " + tag);
            tags.add(tag);
        }

        @Override
        public void deleteSnapshot(ImageRef image, String tag) {
            calls.add("delete " + tag);
            tags.remove(tag);
        }

        @Override
        public void revertToSnapshot(ImageRef image, String tag) {
            throw new ImageLockedException("Failed to get \"write\" lock");
        }

        @Override
        public void copySnapshotInto(ImageRef source, String tag, ImageRef target) {
            calls.add("copy");
        }

        @Override
        public void discardLeftovers(ImageRef image) {}
    };

    private final StorageHandler handler =
            new StorageHandler(driver, new NodeFiles(Path.of("/srv/vmsnap")), "127.0.0.1");

    private static ImageRef image(String path) {
        return new ImageRef(Path.of(path), null, "node-a");
    }

    @Test
    void pathsOutsideTheNodesImagesAreRefusedBeforeAnythingRuns() {
        for (String path : List.of(
                "/etc/passwd",
                "/srv/vmsnap/images/../db/vmsnap.mv.db",
                "/srv/vmsnap/images",
                "/srv/vmsnapx/images/a")) {
            StorageReply reply = handler.handle(StorageCall.on(StorageCall.Op.DELETE_IMAGE, image(path)), true);
            assertThat(reply.ok()).as(path).isFalse();
            assertThat(reply.error()).isEqualTo("refused: image outside this node's data directory");
            assertThat(reply.refused()).isTrue();
        }
        ImageRef foreignSocket =
                image("/srv/vmsnap/images/a.qcow2").running(new LiveImage(Path.of("/tmp/x.qmp"), null));
        assertThat(handler.handle(StorageCall.tagged(StorageCall.Op.CREATE_SNAPSHOT, foreignSocket, "vs-1"), true)
                        .ok())
                .isFalse();
        ImageRef copyOut = image("/srv/vmsnap/images/a.qcow2");
        StorageCall copy =
                new StorageCall(StorageCall.Op.COPY, copyOut, "vs-1", false, image("/root/stolen.qcow2"), 0, List.of());
        assertThat(handler.handle(copy, true).ok()).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void aRedeliveredCreateOrDeleteIsDoneOnce() {
        ImageRef a = image("/srv/vmsnap/images/a.qcow2");
        StorageCall create = StorageCall.tagged(StorageCall.Op.CREATE_SNAPSHOT, a, "vs-7");
        assertThat(handler.handle(create, false).ok()).isTrue();
        assertThat(handler.handle(create, true).ok())
                .as("redelivered: the tag is there")
                .isTrue();
        StorageCall delete = StorageCall.tagged(StorageCall.Op.DELETE_SNAPSHOT, a, "vs-7");
        assertThat(handler.handle(delete, false).ok()).isTrue();
        assertThat(handler.handle(delete, true).ok())
                .as("redelivered: the tag is gone")
                .isTrue();
        assertThat(calls).containsExactly("create vs-7", "delete vs-7");
    }

    @Test
    void aCopyBetweenNodesNamingAnImageElsewhereIsRefusedAndItsKeyNeverPrinted() {
        TransferKey key = TransferKey.random();
        StorageReply export = handler.handle(TransferCall.export(image("/etc/shadow"), "vs-1", "copy-1", key), false);
        assertThat(export.refused()).isTrue();
        StorageReply read = handler.handle(
                TransferCall.read(new NbdExport("127.0.0.2", 10809, "copy-1"), key, image("/root/x.qcow2")), false);
        assertThat(read.refused()).isTrue();
        assertThat(calls).isEmpty();
        assertThat(key.toString()).doesNotContain(key.psk());
        assertThat(TransferCall.export(image("/srv/vmsnap/images/a.qcow2"), "vs-1", "copy-1", key)
                        .toString())
                .doesNotContain(key.psk());
    }

    @Test
    void aLockedImageComesBackAsLocked() {
        StorageReply reply = handler.handle(
                StorageCall.tagged(StorageCall.Op.REVERT, image("/srv/vmsnap/images/a.qcow2"), "vs-1"), true);
        assertThat(reply.ok()).isFalse();
        assertThat(reply.locked()).isTrue();
        assertThat(reply.error()).contains("write");
    }
}

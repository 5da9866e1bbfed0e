package org.vmsnap.node.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.LiveImage;
import org.vmsnap.storage.spi.StoredSnapshot;

class StorageCallTest {
    private static final ImageRef IMAGE = new ImageRef(Path.of("/srv/vmsnap/images/a.qcow2"), null, "node-a");

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "vs-", "vs-1;rm", "VS-1", "vs-1 ", "../vs-1", "vs-12345678901234567890"})
    void aTaggedCallNeedsAStorageTag(String tag) {
        assertThatThrownBy(() -> StorageCall.tagged(StorageCall.Op.CREATE_SNAPSHOT, IMAGE, tag))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsNeedWhatTheirMethodTakes() {
        assertThatThrownBy(() -> StorageCall.on(StorageCall.Op.DELETE_SNAPSHOT, IMAGE))
                .hasMessageContaining("storage tag");
        assertThatThrownBy(() -> StorageCall.tagged(StorageCall.Op.COPY, IMAGE, "vs-1"))
                .hasMessageContaining("target");
        assertThatThrownBy(() -> StorageCall.on(StorageCall.Op.CREATE_IMAGE, IMAGE))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> new StorageCall(StorageCall.Op.SAVE_VM_STATE, null, "vs-1", false, null, 0, null))
                .hasMessageContaining("images");
        assertThatThrownBy(() -> StorageCall.on(StorageCall.Op.INSPECT, null)).hasMessageContaining("image");
    }

    @Test
    void callsAndRepliesSurviveTheWire() {
        ImageRef live = IMAGE.running(new LiveImage(Path.of("/srv/vmsnap/run/a.qmp"), null));
        StorageCall call = new StorageCall(StorageCall.Op.CREATE_SNAPSHOT, live, "vs-42", true, null, 0, List.of());
        assertThat(Wire.decode(Wire.encode(call), StorageCall.class)).isEqualTo(call);
        StorageReply reply = StorageReply.inspected(new ImageInfo(
                1024, List.of(new StoredSnapshot("vs-42", Instant.parse("2031-04-03T10:00:00Z"), 65536, 0))));
        assertThat(Wire.decode(Wire.encode(reply), StorageReply.class)).isEqualTo(reply);
    }

    @Test
    void malformedOrHugeMessagesAreRefused() {
        assertThatThrownBy(() -> Wire.decode("{\"op\":\"FORMAT_DISK\"}".getBytes(), StorageCall.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.decode("{\"op\":\"INSPECT\"} trailing".getBytes(), StorageCall.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.decode(new byte[Wire.MAX_MESSAGE + 1], StorageCall.class))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> Wire.nodeQueue("a/../b")).isInstanceOf(IllegalArgumentException.class);
    }
}

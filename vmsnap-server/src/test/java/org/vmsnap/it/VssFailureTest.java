package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.vmsnap.request.RequestProcessor;

/** Requests whose disk work fails: a half-taken snapshot is removed; a failed deletion at expiry is retried. */
@ContextConfiguration(initializers = TestBackends.H2.class)
class VssFailureTest extends VssTest {
    @Autowired
    RequestProcessor processor;

    /** Overwrites the qcow2 header so that every later operation on the image fails. */
    private static void corrupt(Path image) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.write(new byte[512]);
        }
    }

    private static Instant deadline() {
        return Instant.now().plus(Duration.ofSeconds(60));
    }

    @Test
    void aCreateThatFailsOnOneDiskLeavesNoSnapshotOnTheOthers() throws Exception {
        String vm = deployVm("admin", 8, 8);
        Path disk1 = image(vm, 1);
        corrupt(image(vm, 2));
        long id = requestId(vss().createVmSnapshot(moref(vm), "half", null, 2, true, false));
        JsonNode r = awaitStatus(vss(), id, "ERROR", "SCHEDULED");
        assertThat(r.path("status").asText()).isEqualTo("ERROR");
        assertThat(r.path("message").path("errors").get(0).asText())
                .startsWith("Snapshot SR-" + id + " could not be created: ");
        Instant until = deadline();
        while (!vss().getVmSnapshots(moref(vm)).isEmpty() && Instant.now().isBefore(until)) {
            Thread.onSpinWait();
        }
        assertThat(vss().getVmSnapshots(moref(vm))).isEmpty();
        assertThat(Qemu.tags(disk1))
                .as("the snapshot disk 1 got is removed again")
                .isEmpty();
    }

    @Test
    void aFailedDeletionAtExpiryIsRetriedThenReported() throws Exception {
        String vm = deployVm("admin", 8);
        long id = requestId(vss().createVmSnapshot(moref(vm), "stuck", null, 1, true, false));
        assertThat(awaitStatus(vss(), id, "SCHEDULED", "ERROR").path("status").asText())
                .isEqualTo("SCHEDULED");
        corrupt(image(vm, 1));
        Instant expired = TestClock.now().plus(Duration.ofHours(2));
        for (int attempt = 1; attempt <= 2; attempt++) {
            processor.tick(expired);
            JsonNode r = awaitStatus(vss(), id, "SCHEDULED", "ERROR");
            // back to SCHEDULED once the deletion task has failed (it was IN_PROGRESS meanwhile)
            assertThat(r.path("status").asText()).isEqualTo("SCHEDULED");
            Instant until = deadline();
            while (r.path("message").path("warnings").size() < 1 + attempt
                    && Instant.now().isBefore(until)) {
                r = vss().getSnapshotRequest(id);
            }
            assertThat(r.path("message").path("warnings").get(attempt).asText())
                    .startsWith("Deletion will be retried: Snapshot SR-" + id + " could not be deleted: ");
        }
        processor.tick(expired);
        JsonNode r = awaitStatus(vss(), id, "ERROR");
        assertThat(r.path("message").path("errors").get(0).asText())
                .startsWith("Snapshot SR-" + id + " could not be deleted: ");
    }
}

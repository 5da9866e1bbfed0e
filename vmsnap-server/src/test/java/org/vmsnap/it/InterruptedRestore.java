package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a restore of VM {@code src} into VM {@code dst}, killed mid-copy, must look like once it was settled. */
final class InterruptedRestore {
    private InterruptedRestore() {}

    /**
     * The task failed as interrupted, both VMs are stopped, the staging copy is gone and the target image is
     * unchanged (its data still {@code 0xcc} over the first MiB) and checks clean.
     */
    static void assertSettled(DanubeClient client, JsonNode taskStatus, Path staging, Path dst) {
        assertThat(taskStatus.path("status").asText()).isEqualTo("FAILURE");
        assertThat(taskStatus.path("result").path("message").asText())
                .isEqualTo("Task interrupted by a restart of the service");
        for (String vm : List.of("src", "dst")) {
            assertThat(client.get("/vm/" + vm + "/status/", Map.of())
                            .json()
                            .path("result")
                            .path("status")
                            .asText())
                    .isEqualTo("stopped");
        }
        assertThat(Files.exists(staging)).as("staging copy removed").isFalse();
        Qemu.check(dst);
        assertThat(Qemu.reads(dst, 0xcc, "0", "1M")).as("target untouched").isTrue();
    }
}

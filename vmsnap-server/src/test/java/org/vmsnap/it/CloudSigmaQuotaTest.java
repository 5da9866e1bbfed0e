package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Snapshot quotas per drive and per account, configured by properties, and {@code /capabilities/}. */
@OnH2
@TestPropertySource(properties = {"vmsnap.snapshots.max-per-drive=2", "vmsnap.snapshots.max-per-account=3"})
class CloudSigmaQuotaTest extends CloudSigmaTestBase {
    private static final Map<String, Object> DRIVE = Map.of("name", "q", "size", 16777216, "media", "disk");

    @Test
    void quotasPerDriveAndPerAccount() {
        CloudSigmaClient cs = account("quota");
        String a = createDrive(cs, DRIVE);
        String b = createDrive(cs, DRIVE);
        JsonNode caps = cs.get("capabilities/").expect(200).json().path("snapshots");
        assertThat(caps.toString()).isEqualTo("{\"current\":0,\"max\":3,\"max_per_drive\":2}");

        // Three at once on one drive: refused as a whole.
        cs.post("snapshots/", objects(Map.of("drive", a), Map.of("drive", a), Map.of("drive", a)))
                .expectError(403, "permission");
        assertThat(cs.get("snapshots/?limit=0").json().path("objects")).isEmpty();

        var two = cs.post("snapshots/", objects(Map.of("drive", a), Map.of("drive", a)))
                .expect(201)
                .json()
                .path("objects");
        assertThat(two).hasSize(2);
        assertThat(two.get(0).path("name").asText())
                .isNotEqualTo(two.get(1).path("name").asText());
        var perDrive = cs.post("snapshots/", objects(Map.of("drive", a))).expectError(403, "permission");
        assertThat(perDrive.json().get(0).path("error_message").asText()).contains("per drive");
        cs.post("snapshots/", objects(Map.of("drive", b))).expect(201);
        var perAccount = cs.post("snapshots/", objects(Map.of("drive", b))).expectError(403, "permission");
        assertThat(perAccount.json().get(0).path("error_message").asText()).contains("per account");
        assertThat(cs.get("capabilities/")
                        .json()
                        .path("snapshots")
                        .path("current")
                        .asInt())
                .isEqualTo(3);
        // Another account has its own quota.
        CloudSigmaClient other = account("quota2");
        snapshot(other, Map.of("drive", createDrive(other, DRIVE)));
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays, request by request, what pycloudsigma's snapshot acceptance tests ({@code test_snapshots.py}, other.md
 * §A.9) send, and asserts what the client parses from each answer; run on each database.
 */
abstract class CloudSigmaReplayContract extends CloudSigmaTestBase {
    private CloudSigmaClient cs;

    /** {@code StatefulResourceTestBase.setUp}: lists servers and drives to clean up. */
    @BeforeEach
    void setUp() {
        cs = account("cs");
        JsonNode servers = cs.get("servers/detail/?limit=0").expect(200).json();
        assertThat(servers.path("objects").isArray()).isTrue();
        assertThat(servers.path("meta").path("total_count").asLong()).isZero();
        JsonNode drives = cs.get("drives/detail/?limit=0").expect(200).json();
        assertThat(drives.path("objects")).isEmpty();
    }

    @Test
    void getSnapshotSchema() {
        JsonNode schema = cs.get("snapshots/schema/").expect(200).json();
        assertThat(schema.path("default_limit").asInt()).isEqualTo(20);
        assertThat(schema.path("fields").path("drive").path("type").asText()).isEqualTo("related");
        assertThat(schema.path("allowed_detail_http_methods").toString()).isEqualTo("[\"get\",\"put\",\"delete\"]");
    }

    @Test
    void snapshotCycle() {
        JsonNode d = cs.post("drives/", objects(testDrive())).expect(201).parsed();
        String drive = d.path("uuid").asText();
        assertThat(d.path("status").asText()).isEqualTo("creating");
        cs.awaitStatus("drives/" + drive + "/", "unmounted");
        assertThat(d.path("snapshots")).isEmpty();

        var def = Map.of("drive", drive, "name", "first_snapshot", "meta", Map.of("key", "val"));
        JsonNode snap = cs.post("snapshots/", objects(def)).expect(201).parsed();
        String snapUuid = snap.path("uuid").asText();
        assertThat(snap.path("status").asText()).isIn("creating", "available");
        JsonNode available = cs.awaitStatus("snapshots/" + snapUuid + "/", "available");
        assertThat(snap.path("drive").path("uuid").asText()).isEqualTo(drive);
        assertThat(available.path("meta").toString()).isEqualTo("{\"key\":\"val\"}");
        assertThat(available.path("allocated_size").asLong()).isZero();

        d = cs.get("drives/" + drive + "/").expect(200).json();
        assertThat(d.path("snapshots").get(0).path("uuid").asText()).isEqualTo(snapUuid);

        JsonNode another = cs.post("snapshots/", objects(Map.of("drive", drive)))
                .expect(201)
                .parsed();
        String anotherUuid = another.path("uuid").asText();
        assertThat(another.path("name").asText()).matches(drive + "__\\d{4}-\\d\\d-\\d\\d__\\d\\d_\\d\\d_\\d\\d");
        cs.awaitStatus("snapshots/" + anotherUuid + "/", "available");
        // pycloudsigma PUTs back the whole object it got from the create, read-only fields and all.
        ((com.fasterxml.jackson.databind.node.ObjectNode) another).put("name", "another_snap");
        cs.put("snapshots/" + anotherUuid + "/", another).expect(200);
        another = cs.get("snapshots/" + anotherUuid + "/").expect(200).json();
        assertThat(another.path("name").asText()).isEqualTo("another_snap");

        d = cs.get("drives/" + drive + "/").expect(200).json();
        assertThat(uuids(d.path("snapshots"))).containsExactlyInAnyOrder(snapUuid, anotherUuid);

        CloudSigmaClient.Answer deleted =
                cs.delete("snapshots/" + snapUuid + "/").expect(204);
        assertThat(deleted.body()).isEmpty();
        cs.awaitGone("snapshots/" + snapUuid + "/");
        cs.get("snapshots/" + snapUuid + "/").expectError(404, "notexist");

        d = cs.get("drives/" + drive + "/").expect(200).json();
        assertThat(d.path("snapshots").get(0).path("uuid").asText()).isEqualTo(anotherUuid);

        cs.delete("drives/" + drive + "/").expect(204);
        cs.awaitGone("drives/" + drive + "/");
        cs.get("snapshots/" + anotherUuid + "/").expectError(404, "notexist");
    }

    @Test
    void snapshotListing() {
        List<String> drives = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            drives.add(cs.post("drives/", objects(testDrive()))
                    .expect(201)
                    .parsed()
                    .path("uuid")
                    .asText());
        }
        for (String drive : drives) {
            cs.awaitStatus("drives/" + drive + "/", "unmounted");
        }
        assertThat(cs.get("drives/" + drives.get(0) + "/").json().path("snapshots"))
                .isEmpty();

        List<String> snaps = new ArrayList<>();
        String last = null;
        for (String drive : drives) {
            for (int i = 0; i < 2; i++) {
                last = cs.post("snapshots/", objects(Map.of("drive", drive)))
                        .expect(201)
                        .parsed()
                        .path("uuid")
                        .asText();
                snaps.add(last);
            }
        }
        cs.get("snapshots/" + last + "/").expect(200);
        JsonNode list = cs.get("snapshots/?limit=0").expect(200).json();
        assertThat(list.path("meta").path("total_count").asInt()).isEqualTo(6);
        assertThat(list.path("objects").get(0).has("timestamp")).isTrue();
        JsonNode page = cs.get("snapshots/detail/?limit=2&offset=1").expect(200).json();
        assertThat(page.path("meta").toString()).isEqualTo("{\"limit\":2,\"offset\":1,\"total_count\":6}");
        assertThat(uuids(page.path("objects"))).containsExactly(snaps.get(1), snaps.get(2));
        JsonNode detail = cs.get("snapshots/detail/?limit=0").expect(200).json().path("objects");
        assertThat(detail.size()).isGreaterThanOrEqualTo(6);
        assertThat(uuids(detail)).containsAll(snaps);

        JsonNode ofDrive = cs.get("snapshots/detail/?limit=0&drive=" + drives.get(0))
                .expect(200)
                .json()
                .path("objects");
        assertThat(ofDrive).hasSize(2);
        JsonNode fromDrive =
                cs.get("drives/" + drives.get(0) + "/").expect(200).json().path("snapshots");
        assertThat(uuids(fromDrive)).containsExactlyInAnyOrderElementsOf(uuids(ofDrive));

        for (String drive : drives) {
            awaitAvailable(drive);
            cs.delete("drives/" + drive + "/").expect(204);
        }
        cs.awaitGone("drives/" + drives.get(0) + "/");
        assertThat(cs.get("snapshots/detail/?limit=0&drive=" + drives.get(0))
                        .expect(200)
                        .json()
                        .path("objects"))
                .isEmpty();
    }

    @Test
    void snapshotClone() {
        JsonNode d = cs.post("drives/", objects(testDrive())).expect(201).parsed();
        String drive = d.path("uuid").asText();
        cs.awaitStatus("drives/" + drive + "/", "unmounted");
        JsonNode snap = cs.post("snapshots/", objects(Map.of("drive", drive)))
                .expect(201)
                .parsed();
        String snapUuid = snap.path("uuid").asText();
        cs.awaitStatus("snapshots/" + snapUuid + "/", "available");

        JsonNode cloned = cs.post("snapshots/" + snapUuid + "/action/?do=clone&avoid=" + drive, Map.of())
                .expect(202)
                .parsed();
        assertThat(cloned.path("name").asText()).isEqualTo(snap.path("name").asText());
        assertThat(cloned.path("media").asText()).isEqualTo(d.path("media").asText());
        assertThat(cloned.path("size").asLong()).isEqualTo(d.path("size").asLong());
        assertThat(cloned.path("status").asText()).isEqualTo("cloning_dst");
        assertThat(cloned.path("jobs").get(0).path("resource_uri").asText()).startsWith("/api/2.0/jobs/");
        String clone = cloned.path("uuid").asText();
        cs.awaitStatus("drives/" + clone + "/", "unmounted");
        cs.delete("drives/" + clone + "/").expect(204);
        cs.awaitGone("drives/" + clone + "/");

        var cloneData = Map.of("media", "cdrom", "name", "test_drive_snapshot_clone_name");
        cloned = cs.post("snapshots/" + snapUuid + "/action/?do=clone&avoid=" + drive, cloneData)
                .expect(202)
                .parsed();
        assertThat(cloned.path("name").asText()).isEqualTo("test_drive_snapshot_clone_name");
        assertThat(cloned.path("media").asText()).isEqualTo("cdrom");
        assertThat(cloned.path("size").asLong()).isEqualTo(1024000000L);
        clone = cloned.path("uuid").asText();
        cs.awaitStatus("drives/" + clone + "/", "unmounted");
        cs.delete("drives/" + clone + "/").expect(204);
        cs.awaitGone("drives/" + clone + "/");
        cs.delete("drives/" + drive + "/").expect(204);
    }

    /** Tear-down deletes drives in {@code unmounted}: their snapshots must be done first (pycloudsigma waits too). */
    private void awaitAvailable(String drive) {
        for (JsonNode s :
                cs.get("snapshots/detail/?limit=0&drive=" + drive).json().path("objects")) {
            cs.awaitStatus("snapshots/" + s.path("uuid").asText() + "/", "available");
        }
    }

    private static List<String> uuids(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(n -> n.path("uuid").asText())
                .toList();
    }
}

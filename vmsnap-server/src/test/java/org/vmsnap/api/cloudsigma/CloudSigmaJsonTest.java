package org.vmsnap.api.cloudsigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DiskStatus;
import org.vmsnap.inventory.DriveView;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.snapshot.DriveSnapshotView;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotRef;
import org.vmsnap.snapshot.SnapshotStatus;
import org.vmsnap.snapshot.SnapshotType;

/** Golden JSON of every object shape, taken from CloudSigma's dumps (other.md §A.3-A.7). */
class CloudSigmaJsonTest {
    private static final String DRIVE = "450357dc-cbe1-471d-b4cc-dbdfe5f28d84";
    private static final String OWNER = "5b4a69a3-8e78-4c45-a8ba-8b13f0895e23";
    private static final String SNAP = "855ebdc8-ce4b-48d0-9d8d-306c9074be29";
    private static final Instant TAKEN = Instant.parse("2014-06-05T09:52:53.896622Z");

    private static Snapshot snapshot(SnapshotStatus status, Long changedSince) {
        return new Snapshot(
                7,
                SNAP,
                3,
                null,
                "first_snapshot",
                "vs-7",
                SnapshotType.MANUAL,
                "drive",
                null,
                status,
                "",
                TAKEN,
                false,
                "crash",
                0L,
                changedSince);
    }

    private static Disk disk(DiskStatus status, String media) {
        return new Disk(
                3,
                DRIVE,
                "test_drive_snapshot",
                2,
                null,
                null,
                1073741824L,
                media,
                status,
                Path.of("/data/images/" + DRIVE + ".qcow2"),
                false,
                TAKEN,
                null);
    }

    @Test
    void snapshotWhileCreating() {
        var view = new DriveSnapshotView(snapshot(SnapshotStatus.PENDING, null), DRIVE, OWNER, Map.of("key", "val"));
        assertThat(CloudSigmaJson.write(CloudSigmaObjects.snapshot(view)))
                .isEqualTo("{\"allocated_size\":null,"
                        + "\"drive\":{\"resource_uri\":\"/api/2.0/drives/" + DRIVE + "/\",\"uuid\":\"" + DRIVE + "\"},"
                        + "\"grantees\":[],\"meta\":{\"key\":\"val\"},\"name\":\"first_snapshot\","
                        + "\"owner\":{\"resource_uri\":\"/api/2.0/user/" + OWNER + "/\",\"uuid\":\"" + OWNER + "\"},"
                        + "\"permissions\":[],\"resource_uri\":\"/api/2.0/snapshots/" + SNAP + "/\","
                        + "\"status\":\"creating\",\"tags\":[],\"timestamp\":\"2014-06-05 09:52:53.896622+00:00\","
                        + "\"uuid\":\"" + SNAP + "\"}");
    }

    @Test
    void availableSnapshotShowsChangedBytesAsAllocatedSize() {
        var view = new DriveSnapshotView(snapshot(SnapshotStatus.OK, 0L), DRIVE, OWNER, Map.of());
        String json = CloudSigmaJson.write(CloudSigmaObjects.snapshot(view));
        assertThat(json).startsWith("{\"allocated_size\":0,").contains("\"status\":\"available\"");
        view = new DriveSnapshotView(snapshot(SnapshotStatus.OK, 1048576L), DRIVE, OWNER, Map.of());
        assertThat(CloudSigmaJson.write(CloudSigmaObjects.snapshot(view))).startsWith("{\"allocated_size\":1048576,");
    }

    @Test
    void timestampKeepsMicrosecondsWhenZero() {
        assertThat(CloudSigmaJson.timestamp(Instant.parse("2014-01-30T15:35:30Z")))
                .isEqualTo("2014-01-30 15:35:30.000000+00:00");
    }

    @Test
    void fullDrive() {
        var view = new DriveView(disk(DiskStatus.READY, "disk"), OWNER, null, null, Map.of());
        var refs = List.of(new SnapshotRef(SNAP, 4096L), new SnapshotRef("c6368b7c-0000-4000-8000-000000000001", null));
        assertThat(CloudSigmaJson.write(CloudSigmaObjects.drive(view, refs, List.of())))
                .isEqualTo("{\"affinities\":[],\"allow_multimount\":false,\"grantees\":[],\"jobs\":[],\"licenses\":[],"
                        + "\"media\":\"disk\",\"meta\":{},\"mounted_on\":[],\"name\":\"test_drive_snapshot\","
                        + "\"owner\":{\"resource_uri\":\"/api/2.0/user/" + OWNER + "/\",\"uuid\":\"" + OWNER + "\"},"
                        + "\"permissions\":[],\"remote_snapshots\":[],"
                        + "\"resource_uri\":\"/api/2.0/drives/" + DRIVE + "/\","
                        + "\"runtime\":{\"is_downloadable\":true,\"is_ephemeral\":false,\"is_snapshotable\":true,"
                        + "\"snapshots_allocated_size\":4096,\"storage_type\":\"dssd\"},"
                        + "\"size\":1073741824,"
                        + "\"snapshots\":[{\"resource_uri\":\"/api/2.0/snapshots/" + SNAP + "/\",\"uuid\":\"" + SNAP
                        + "\"},{\"resource_uri\":\"/api/2.0/snapshots/c6368b7c-0000-4000-8000-000000000001/\","
                        + "\"uuid\":\"c6368b7c-0000-4000-8000-000000000001\"}],"
                        + "\"status\":\"unmounted\",\"storage_type\":\"dssd\",\"tags\":[],\"uuid\":\"" + DRIVE + "\"}");
    }

    @Test
    void cloneAnswerIsADriveInCloningDstWithItsJob() {
        var view = new DriveView(disk(DiskStatus.CLONING, "cdrom"), OWNER, null, null, Map.of());
        String job = "0f0e0d0c-0000-4000-8000-000000000002";
        String json = CloudSigmaJson.write(CloudSigmaObjects.drive(view, List.of(), List.of(job)));
        assertThat(json)
                .contains("\"jobs\":[{\"resource_uri\":\"/api/2.0/jobs/" + job + "/\",\"uuid\":\"" + job + "\"}]")
                .contains("\"media\":\"cdrom\"")
                .contains("\"is_snapshotable\":null")
                .contains("\"status\":\"cloning_dst\"")
                .contains("\"resource_uri\":\"/api/2.0/drives/" + DRIVE + "/\"");
    }

    @Test
    void driveStatuses() {
        assertThat(CloudSigmaObjects.status(
                        new DriveView(disk(DiskStatus.CREATING, "disk"), OWNER, null, null, Map.of())))
                .isEqualTo("creating");
        String vm = "11111111-2222-4333-8444-555555555555";
        var mounted = new DriveView(disk(DiskStatus.READY, "disk"), OWNER, vm, VmState.RUNNING, Map.of());
        assertThat(CloudSigmaObjects.status(mounted)).isEqualTo("mounted");
        assertThat(CloudSigmaJson.write(CloudSigmaObjects.drive(mounted, List.of(), List.of())))
                .contains(
                        "\"mounted_on\":[{\"resource_uri\":\"/api/2.0/servers/" + vm + "/\",\"uuid\":\"" + vm + "\"}]");
        assertThat(CloudSigmaObjects.status(
                        new DriveView(disk(DiskStatus.READY, "disk"), OWNER, vm, VmState.STOPPED, Map.of())))
                .isEqualTo("unmounted");
    }

    @Test
    void slimDrive() {
        var view = new DriveView(disk(DiskStatus.READY, "disk"), OWNER, null, null, Map.of());
        assertThat(CloudSigmaJson.write(CloudSigmaObjects.slimDrive(view)))
                .isEqualTo("{\"owner\":{\"resource_uri\":\"/api/2.0/user/" + OWNER + "/\",\"uuid\":\"" + OWNER + "\"},"
                        + "\"resource_uri\":\"/api/2.0/drives/" + DRIVE + "/\",\"status\":\"unmounted\","
                        + "\"uuid\":\"" + DRIVE + "\"}");
    }

    @Test
    void listEnvelope() {
        assertThat(CloudSigmaJson.write(CloudSigmaJson.envelope(new Paging(0, 0), 6, List.of())))
                .isEqualTo("{\"meta\":{\"limit\":0,\"offset\":0,\"total_count\":6},\"objects\":[]}");
    }

    @Test
    void errorList() {
        var answer = CloudSigmaJson.error(404, "notexist", "Snapshot does not exist", null);
        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getBody())
                .isEqualTo("[{\"error_type\":\"notexist\",\"error_message\":\"Snapshot does not exist\","
                        + "\"error_point\":null}]");
        assertThat(CloudSigmaJson.error(401, "permission", "x", null)
                        .getHeaders()
                        .getFirst("WWW-Authenticate"))
                .isEqualTo("Basic realm=\"users\"");
    }

    @Test
    void deleteAnswersHaveNoBody() {
        var answer = CloudSigmaJson.noContent();
        assertThat(answer.getStatusCode().value()).isEqualTo(204);
        assertThat(answer.getBody()).isNull();
    }

    @Test
    void server() {
        var vm = new Vm(
                1,
                "11111111-2222-4333-8444-555555555555",
                "web1",
                "web1",
                2,
                1,
                1,
                "kvm",
                VmState.STOPPED,
                true,
                TAKEN,
                null);
        var attached = new Disk(
                3,
                DRIVE,
                "disk1",
                2,
                1L,
                1,
                1073741824L,
                "disk",
                DiskStatus.READY,
                Path.of("/x.qcow2"),
                false,
                TAKEN,
                null);
        assertThat(CloudSigmaJson.write(CloudSigmaObjects.server(vm, OWNER, List.of(attached), true)))
                .isEqualTo("{\"drives\":[{\"boot_order\":1,\"dev_channel\":\"0:0\",\"device\":\"virtio\","
                        + "\"drive\":{\"resource_uri\":\"/api/2.0/drives/" + DRIVE + "/\",\"uuid\":\"" + DRIVE
                        + "\"}}],"
                        + "\"meta\":{},\"name\":\"web1\","
                        + "\"owner\":{\"resource_uri\":\"/api/2.0/user/" + OWNER + "/\",\"uuid\":\"" + OWNER + "\"},"
                        + "\"resource_uri\":\"/api/2.0/servers/11111111-2222-4333-8444-555555555555/\","
                        + "\"runtime\":null,\"status\":\"stopped\",\"tags\":[],"
                        + "\"uuid\":\"11111111-2222-4333-8444-555555555555\"}");
    }

    @Test
    void schemaHasTheDocumentedMethodsAndFields() {
        String json = CloudSigmaJson.write(SnapshotSchema.SCHEMA);
        assertThat(json)
                .startsWith("{\"allowed_detail_http_methods\":[\"get\",\"put\",\"delete\"],"
                        + "\"allowed_list_http_methods\":[\"get\",\"put\",\"delete\",\"post\"],"
                        + "\"default_format\":\"application/json\",\"default_limit\":20,\"fields\":{")
                .endsWith(",\"filtering\":{\"name\":\"exact\",\"name__contains\":\"exact\",\"tag\":\"exact\","
                        + "\"uuid\":\"exact\"}}");
        assertThat(SnapshotSchema.SCHEMA.get("fields").toString())
                .contains(
                        "allocated_size",
                        "drive",
                        "grantees",
                        "meta",
                        "name",
                        "owner",
                        "permissions",
                        "resource_uri",
                        "status",
                        "tags",
                        "timestamp",
                        "uuid");
    }
}

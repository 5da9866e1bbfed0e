package org.vmsnap.api.cloudsigma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.DiskStatus;
import org.vmsnap.inventory.DriveView;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.snapshot.DriveSnapshotView;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotRef;
import org.vmsnap.snapshot.SnapshotStatus;

/** The JSON objects of CloudSigma's dumps (other.md §A.4, §A.5), keys in the dumps' order. */
final class CloudSigmaObjects {
    static final String BASE = "/api/2.0/";

    private CloudSigmaObjects() {}

    /** {@code {"resource_uri": "/api/2.0/<resource>/<uuid>/", "uuid": ...}}. */
    static Map<String, Object> related(String resource, String uuid) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("resource_uri", uri(resource, uuid));
        o.put("uuid", uuid);
        return o;
    }

    static String uri(String resource, String uuid) {
        return BASE + resource + "/" + uuid + "/";
    }

    static Map<String, Object> snapshot(DriveSnapshotView view) {
        Snapshot s = view.snapshot();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("allocated_size", allocatedSize(s.status(), s.changedSinceBytes()));
        o.put("drive", related("drives", view.driveUuid()));
        o.put("grantees", List.of());
        o.put("meta", view.meta());
        o.put("name", s.name());
        o.put("owner", related("user", view.ownerUuid()));
        o.put("permissions", List.of());
        o.put("resource_uri", uri("snapshots", s.uuid()));
        o.put("status", status(s.status()));
        o.put("tags", List.of());
        o.put("timestamp", CloudSigmaJson.timestamp(s.createdAt()));
        o.put("uuid", s.uuid());
        return o;
    }

    static String status(SnapshotStatus status) {
        return switch (status) {
            case PENDING -> "creating";
            case OK, ROLLBACK -> "available";
            case DELETING -> "deleting";
            case LOST, ERROR -> "unavailable";
        };
    }

    static Long allocatedSize(SnapshotStatus status, Long changedSince) {
        return status == SnapshotStatus.PENDING ? null : changedSince;
    }

    /** The full drive; {@code jobs} lists the uuids of tasks still working on it (a clone's). */
    static Map<String, Object> drive(DriveView view, List<SnapshotRef> snapshots, List<String> jobs) {
        var disk = view.disk();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("affinities", List.of());
        o.put("allow_multimount", false);
        o.put("grantees", List.of());
        o.put("jobs", jobs.stream().map(j -> related("jobs", j)).toList());
        o.put("licenses", List.of());
        o.put("media", disk.media());
        o.put("meta", view.meta());
        o.put("mounted_on", view.vmUuid() == null ? List.of() : List.of(related("servers", view.vmUuid())));
        o.put("name", disk.name());
        o.put("owner", related("user", view.ownerUuid()));
        o.put("permissions", List.of());
        o.put("remote_snapshots", List.of());
        o.put("resource_uri", uri("drives", disk.uuid()));
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("is_downloadable", true);
        runtime.put("is_ephemeral", false);
        runtime.put("is_snapshotable", disk.status() == DiskStatus.READY ? Boolean.TRUE : null);
        runtime.put(
                "snapshots_allocated_size",
                snapshots.stream()
                        .map(SnapshotRef::changedSinceBytes)
                        .filter(Objects::nonNull)
                        .mapToLong(Long::longValue)
                        .sum());
        runtime.put("storage_type", "dssd");
        o.put("runtime", runtime);
        o.put("size", disk.sizeBytes());
        o.put(
                "snapshots",
                snapshots.stream().map(r -> related("snapshots", r.uuid())).toList());
        o.put("status", status(view));
        o.put("storage_type", "dssd");
        o.put("tags", List.of());
        o.put("uuid", disk.uuid());
        return o;
    }

    /** The default (slim) drive list item. */
    static Map<String, Object> slimDrive(DriveView view) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("owner", related("user", view.ownerUuid()));
        o.put("resource_uri", uri("drives", view.disk().uuid()));
        o.put("status", status(view));
        o.put("uuid", view.disk().uuid());
        return o;
    }

    static String status(DriveView view) {
        return switch (view.disk().status()) {
            case CREATING -> "creating";
            case CLONING -> "cloning_dst";
            case READY -> view.mounted() ? "mounted" : "unmounted";
            case DEFINED, DELETING -> "unavailable";
        };
    }

    /** A server (a VM), as far as clients listing them need. */
    static Map<String, Object> server(Vm vm, String ownerUuid, List<Disk> drives, boolean full) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (full) {
            o.put(
                    "drives",
                    drives.stream()
                            .map(d -> {
                                Map<String, Object> attached = new LinkedHashMap<>();
                                attached.put("boot_order", d.position());
                                attached.put("dev_channel", "0:" + (d.position() - 1));
                                attached.put("device", "virtio");
                                attached.put("drive", related("drives", d.uuid()));
                                return attached;
                            })
                            .toList());
            o.put("meta", Map.of());
        }
        o.put("name", vm.hostname());
        o.put("owner", related("user", ownerUuid));
        o.put("resource_uri", uri("servers", vm.uuid()));
        o.put("runtime", null);
        o.put("status", serverStatus(vm.state()));
        if (full) {
            o.put("tags", List.of());
        }
        o.put("uuid", vm.uuid());
        return o;
    }

    static String serverStatus(VmState state) {
        return switch (state) {
            case RUNNING -> "running";
            case STOPPED -> "stopped";
            case STOPPING -> "stopping";
            case DEPLOYING -> "starting";
            case NOTCREATED, NOTREADY -> "unavailable";
        };
    }
}

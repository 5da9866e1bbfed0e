package org.vmsnap.api.cloudsigma;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.CreateDriveCommand;
import org.vmsnap.inventory.DriveService;
import org.vmsnap.inventory.DriveView;
import org.vmsnap.inventory.UpdateDriveCommand;
import org.vmsnap.snapshot.DriveSnapshotService;
import org.vmsnap.snapshot.SnapshotRef;

/** {@code /api/2.0/drives/}: the core's disks by uuid (other.md §A.5). */
@RestController
class CloudSigmaDriveController {
    static final long MIN_SIZE = 1024 * 1024;
    static final long MAX_SIZE = 16L * 1024 * 1024 * 1024 * 1024;
    static final Set<String> MEDIA = Set.of("disk", "cdrom");
    static final Set<String> STORAGE_TYPES = Set.of("dssd", "zadara", "nvme", "local_nvme", "magnetic", "ssd");
    private static final Set<String> WRITABLE = Set.of(
            "name",
            "size",
            "media",
            "meta",
            "storage_type",
            "affinities",
            "allow_multimount",
            "tags",
            "iops",
            "licenses");
    private static final Set<String> READ_ONLY = Set.of(
            "grantees",
            "jobs",
            "mounted_on",
            "owner",
            "permissions",
            "remote_snapshots",
            "resource_uri",
            "runtime",
            "snapshots",
            "status",
            "uuid");
    private static final String LIST = "/api/2.0/drives/";
    private static final String ONE = LIST + "{uuid}/";

    private final DriveService drives;
    private final DriveSnapshotService snapshots;
    private final CloudSigmaAuth auth;

    CloudSigmaDriveController(DriveService drives, DriveSnapshotService snapshots, CloudSigmaAuth auth) {
        this.drives = drives;
        this.snapshots = snapshots;
        this.auth = auth;
    }

    @GetMapping(LIST)
    ResponseEntity<String> list(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        Paging paging = Paging.of(Query.of(req));
        List<DriveView> all = drives.drives(caller);
        List<DriveView> page = page(all, paging);
        return CloudSigmaJson.ok(
                200,
                CloudSigmaJson.envelope(
                        paging,
                        all.size(),
                        page.stream().map(CloudSigmaObjects::slimDrive).toList()));
    }

    @GetMapping(LIST + "detail/")
    ResponseEntity<String> detail(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        Paging paging = Paging.of(Query.of(req));
        List<DriveView> all = drives.drives(caller);
        List<DriveView> page = page(all, paging);
        return CloudSigmaJson.ok(200, CloudSigmaJson.envelope(paging, all.size(), full(page)));
    }

    @GetMapping(ONE)
    ResponseEntity<String> get(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        return CloudSigmaJson.ok(200, full(List.of(drives.drive(caller, uuid))).get(0));
    }

    @PostMapping(LIST)
    ResponseEntity<String> create(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        List<CreateDriveCommand> commands = new ArrayList<>();
        for (JsonNode object : Body.objects(Body.read(req))) {
            commands.add(createCommand(Fields.of(object, WRITABLE, READ_ONLY)));
        }
        List<DriveView> created = new ArrayList<>();
        for (CreateDriveCommand command : commands) {
            created.add(drives.create(caller, command));
        }
        String location = CloudSigmaObjects.uri("drives", created.get(0).disk().uuid());
        return CloudSigmaJson.created(location, CloudSigmaJson.objects(full(created)));
    }

    @PutMapping(ONE)
    ResponseEntity<String> update(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        DriveView current = drives.drive(caller, uuid);
        Fields f = Fields.of(Body.read(req), WRITABLE, READ_ONLY);
        f.integer("size", MIN_SIZE, MAX_SIZE)
                .filter(size -> size != current.disk().sizeBytes())
                .ifPresent(size -> {
                    throw CloudSigmaError.validation("size", "Resizing a drive is not supported");
                });
        checkOptional(f);
        var command =
                new UpdateDriveCommand(f.string("name", Fields.MAX_NAME), f.choice("media", MEDIA), f.meta("meta"));
        return CloudSigmaJson.ok(
                200, full(List.of(drives.update(caller, uuid, command))).get(0));
    }

    @DeleteMapping(ONE)
    ResponseEntity<String> delete(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        drives.delete(caller, uuid);
        return CloudSigmaJson.noContent();
    }

    private CreateDriveCommand createCommand(Fields f) {
        String name = f.requiredString("name", Fields.MAX_NAME);
        long size = f.integer("size", MIN_SIZE, MAX_SIZE)
                .orElseThrow(() -> CloudSigmaError.validation("size", "size is required"));
        String media =
                f.choice("media", MEDIA).orElseThrow(() -> CloudSigmaError.validation("media", "media is required"));
        checkOptional(f);
        return new CreateDriveCommand(name, size, media, f.meta("meta").orElse(Map.of()));
    }

    /** Fields CloudSigma accepts that vmsnap keeps as defaults: checked for type only. */
    private static void checkOptional(Fields f) {
        f.choice("storage_type", STORAGE_TYPES);
        f.list("affinities");
        f.list("tags");
        f.list("licenses");
        f.bool("allow_multimount");
        f.integer("iops", 0, Integer.MAX_VALUE);
    }

    private List<Map<String, Object>> full(List<DriveView> views) {
        Map<Long, List<SnapshotRef>> refs =
                snapshots.ofDrives(views.stream().map(v -> v.disk().id()).toList());
        return views.stream()
                .map(v -> CloudSigmaObjects.drive(v, refs.getOrDefault(v.disk().id(), List.of()), List.of()))
                .toList();
    }

    static <T> List<T> page(List<T> all, Paging paging) {
        int from = (int) Math.min(all.size(), paging.offset());
        int to = paging.limit() == 0 ? all.size() : (int) Math.min(all.size(), from + paging.limit());
        return all.subList(from, to);
    }
}

package org.vmsnap.api.cloudsigma;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.snapshot.CloneCommand;
import org.vmsnap.snapshot.CloneStarted;
import org.vmsnap.snapshot.CreateDriveSnapshotCommand;
import org.vmsnap.snapshot.DriveSnapshotPage;
import org.vmsnap.snapshot.DriveSnapshotService;
import org.vmsnap.snapshot.DriveSnapshotView;
import org.vmsnap.snapshot.SnapshotRef;

/** {@code /api/2.0/snapshots/} (other.md §A.2-A.8). */
@RestController
class CloudSigmaSnapshotController {
    private static final Set<String> WRITABLE = Set.of("drive", "name", "meta", "tags", "grantees", "permissions");
    private static final Set<String> READ_ONLY =
            Set.of("allocated_size", "owner", "resource_uri", "status", "timestamp", "uuid");
    private static final Set<String> CLONE_FIELDS = Set.of("name", "media", "affinities");
    private static final String LIST = "/api/2.0/snapshots/";
    private static final String ONE = LIST + "{uuid}/";

    private final DriveSnapshotService snapshots;
    private final CloudSigmaAuth auth;

    CloudSigmaSnapshotController(DriveSnapshotService snapshots, CloudSigmaAuth auth) {
        this.snapshots = snapshots;
        this.auth = auth;
    }

    /** The default list: full objects, as CloudSigma's own dumps show and its purge sample needs. */
    @GetMapping({LIST, LIST + "detail/"})
    ResponseEntity<String> list(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        Query query = Query.of(req);
        Paging paging = Paging.of(query);
        Optional<String> drive = query.get("drive").filter(d -> !d.isEmpty());
        if (drive.isPresent() && !Fields.isUuid(drive.get())) {
            return CloudSigmaJson.ok(200, CloudSigmaJson.envelope(paging, 0, List.of()));
        }
        DriveSnapshotPage page = snapshots.list(caller, drive, paging.offset(), paging.limit());
        List<Map<String, Object>> objects =
                page.snapshots().stream().map(CloudSigmaObjects::snapshot).toList();
        return CloudSigmaJson.ok(200, CloudSigmaJson.envelope(paging, page.totalCount(), objects));
    }

    @GetMapping(LIST + "schema/")
    ResponseEntity<String> schema(HttpServletRequest req) {
        auth.caller(req);
        return CloudSigmaJson.ok(200, SnapshotSchema.SCHEMA);
    }

    @GetMapping(ONE)
    ResponseEntity<String> get(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        return CloudSigmaJson.ok(200, CloudSigmaObjects.snapshot(snapshots.get(caller, uuid)));
    }

    @PostMapping(LIST)
    ResponseEntity<String> create(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        List<CreateDriveSnapshotCommand> commands = new ArrayList<>();
        for (JsonNode object : Body.objects(Body.read(req))) {
            Fields f = fields(object);
            String drive = f.related("drive", "drive")
                    .orElseThrow(() -> CloudSigmaError.validation("drive", "drive is required"));
            commands.add(new CreateDriveSnapshotCommand(
                    drive, f.string("name", Fields.MAX_NAME), f.meta("meta").orElse(Map.of())));
        }
        List<DriveSnapshotView> created = snapshots.create(caller, commands);
        String location =
                CloudSigmaObjects.uri("snapshots", created.get(0).snapshot().uuid());
        return CloudSigmaJson.created(
                location,
                CloudSigmaJson.objects(
                        created.stream().map(CloudSigmaObjects::snapshot).toList()));
    }

    /** Name and meta change; read-only fields (a client sends back what it read) are ignored. */
    @PutMapping(ONE)
    ResponseEntity<String> update(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        DriveSnapshotView current = snapshots.get(caller, uuid);
        Fields f = fields(Body.read(req));
        f.related("drive", "drive").filter(d -> !d.equals(current.driveUuid())).ifPresent(d -> {
            throw CloudSigmaError.validation("drive", "The drive of a snapshot cannot be changed");
        });
        var updated = snapshots.update(caller, uuid, f.string("name", Fields.MAX_NAME), f.meta("meta"));
        return CloudSigmaJson.ok(200, CloudSigmaObjects.snapshot(updated));
    }

    @DeleteMapping(ONE)
    ResponseEntity<String> delete(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        snapshots.delete(caller, List.of(uuid));
        return CloudSigmaJson.noContent();
    }

    /** Bulk delete: {@code {"objects": [{"uuid": ...}, ...]}} (or bare uuids). */
    @DeleteMapping(LIST)
    ResponseEntity<String> deleteMany(HttpServletRequest req) {
        Caller caller = auth.caller(req);
        List<String> uuids = new ArrayList<>();
        for (JsonNode object : Body.objects(Body.read(req))) {
            JsonNode uuid = object.isObject() ? object.get("uuid") : object;
            if (uuid == null || !uuid.isTextual()) {
                throw CloudSigmaError.validation("uuid", "Each object needs a uuid");
            }
            uuids.add(uuid.asText());
        }
        snapshots.delete(caller, uuids);
        return CloudSigmaJson.noContent();
    }

    @PostMapping(ONE + "action/")
    ResponseEntity<String> action(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        Query query = Query.of(req);
        String action = query.get("do").orElse("");
        if (!action.equals("clone")) {
            throw CloudSigmaError.validation("do", "Unknown action");
        }
        JsonNode body = Body.read(req);
        Optional<String> name = Optional.empty();
        Optional<String> media = Optional.empty();
        if (!body.isNull()) {
            Fields f = Fields.of(body, CLONE_FIELDS, Set.of());
            name = f.string("name", Fields.MAX_NAME);
            media = f.choice("media", CloudSigmaDriveController.MEDIA);
            f.list("affinities");
        }
        // avoid=<uuid,...> asks for other storage hosts: with one local storage there is nothing to avoid.
        CloneStarted started = snapshots.clone(caller, new CloneCommand(uuid, name, media));
        List<SnapshotRef> none = List.of();
        return CloudSigmaJson.ok(202, CloudSigmaObjects.drive(started.drive(), none, List.of(started.jobUuid())));
    }

    private static Fields fields(JsonNode object) {
        Fields f = Fields.of(object, WRITABLE, READ_ONLY);
        f.list("tags");
        f.list("grantees");
        f.list("permissions");
        return f;
    }
}

package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.policy.DefinitionService;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.snapshot.CreateSnapshotCommand;
import org.vmsnap.snapshot.DeleteResult;
import org.vmsnap.snapshot.NewerSnapshots;
import org.vmsnap.snapshot.RestoreCommand;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotQuery;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotStatus;
import org.vmsnap.snapshot.SnapshotType;
import org.vmsnap.snapshot.SnapshotView;

/** Danube §2.4–2.10: {@code /api/vm/<hostname_or_uuid>/snapshot/[<snapname>/]}. */
@RestController
class SnapshotController {
    private static final String LIST = "/api/vm/{vm:[A-Za-z0-9._-]+}/snapshot/";
    private static final String ONE = LIST + "{name:[A-Za-z0-9._-]+}/";
    private static final Map<String, SnapshotQuery.Field> ORDER_FIELDS = OrderBy.fields(
            "name", SnapshotQuery.Field.NAME,
            "disk_id", SnapshotQuery.Field.DISK_ID,
            "size", SnapshotQuery.Field.SIZE,
            "created", SnapshotQuery.Field.CREATED,
            "hostname", SnapshotQuery.Field.HOSTNAME);

    private final SnapshotService snapshots;
    private final DefinitionService definitions;
    private final DanubeRequests requests;
    private final DanubeAuth auth;
    private final TaskStreamer streamer;

    SnapshotController(
            SnapshotService snapshots,
            DefinitionService definitions,
            DanubeRequests requests,
            DanubeAuth auth,
            TaskStreamer streamer) {
        this.snapshots = snapshots;
        this.definitions = definitions;
        this.requests = requests;
        this.auth = auth;
        this.streamer = streamer;
    }

    @GetMapping(LIST)
    ResponseEntity<String> list(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Optional<Integer> disk = p.has("disk_id") ? Optional.of(DanubeValidation.diskId(p)) : Optional.empty();
        Optional<SnapshotType> type = p.string("type").map(SnapshotController::type);
        List<SnapshotQuery.Sort> order = OrderBy.parse(p.string("order_by"), ORDER_FIELDS).stream()
                .map(k -> new SnapshotQuery.Sort(k.field(), k.descending()))
                .toList();
        Optional<List<Long>> defines = p.string("define").map(name -> definitions.idsNamed(caller, vm, name));
        var query = new SnapshotQuery(disk, type, defines, order);
        List<SnapshotView> found = snapshots.list(caller, vm, query);
        boolean full = p.bool("full", false) || p.bool("extended", false);
        Map<Long, String> names = full ? defineNames(found) : Map.of();
        Object result = full
                ? found.stream().map(v -> object(v, names)).toList()
                : found.stream().map(v -> v.snapshot().name()).toList();
        return DanubeResponses.success(req, caller, caller.userId(), 200, result);
    }

    @PutMapping(LIST)
    ResponseEntity<String> sync(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        return streamer.respond(req, snapshots.sync(caller, vm, DanubeValidation.diskId(p)));
    }

    @DeleteMapping(LIST)
    ResponseEntity<String> deleteMany(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        int disk = DanubeValidation.diskId(p);
        if (!(p.raw("snapnames") instanceof List<?> list) || list.isEmpty()) {
            snapshots.locate(caller, vm, disk);
            throw new RuleViolationException(Rule.INVALID_SNAPNAMES);
        }
        List<String> names = list.stream().map(DanubeParams::pythonStr).toList();
        return deleted(
                req,
                caller,
                snapshots.deleteMany(caller, vm, disk, names, false),
                "Snapshots successfully deleted from DB");
    }

    @GetMapping(ONE)
    ResponseEntity<String> get(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        SnapshotView view = snapshots.get(caller, vm, DanubeValidation.diskId(p), name);
        return DanubeResponses.success(req, caller, caller.userId(), 200, object(view, defineNames(List.of(view))));
    }

    @PostMapping(ONE)
    ResponseEntity<String> create(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        int disk = DanubeValidation.diskId(p);
        String note = p.string("note").orElse("");
        DanubeValidation v = new DanubeValidation();
        v.name("name", name, 24);
        v.safeText("note", note);
        if (disk > 6) {
            v.add("disk_id", "Ensure this value is less than or equal to 6.");
        }
        if (!v.ok()) {
            snapshots.locate(caller, vm, disk);
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        boolean fsfreeze = DanubeParams.truthy(p.raw("fsfreeze"));
        var command = new CreateSnapshotCommand(vm, disk, name, note, fsfreeze, SnapshotType.MANUAL, null);
        return streamer.respond(req, snapshots.create(caller, command));
    }

    @PutMapping(ONE)
    ResponseEntity<String> update(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        int disk = DanubeValidation.diskId(p);
        if (p.has("note")) {
            String note = p.string("note").orElse("");
            DanubeValidation v = new DanubeValidation();
            v.safeText("note", note);
            if (!v.ok()) {
                snapshots.get(caller, vm, disk, name);
                return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
            }
            SnapshotView view = snapshots.updateNote(caller, vm, disk, name, note);
            return DanubeResponses.success(req, caller, caller.userId(), 200, object(view, defineNames(List.of(view))));
        }
        boolean force = p.bool("force", true);
        DanubeValidation v = new DanubeValidation();
        Optional<String> target = p.string("target_hostname_or_uuid");
        Optional<Long> targetDisk = v.integer(p, "target_disk_id", 1, 6);
        if (target.isPresent() && !DanubeValidation.NAME.matcher(target.get()).matches()) {
            v.add("target_hostname_or_uuid", "Invalid value.");
        }
        if (target.isPresent() && !p.has("target_disk_id")) {
            v.add("target_disk_id", "This field is required when target_hostname_or_uuid is specified.");
        }
        if (p.has("target_disk_id") && target.isEmpty()) {
            v.add("target_hostname_or_uuid", "This field is required when target_disk_id is specified.");
        }
        if (!v.ok()) {
            snapshots.get(caller, vm, disk, name);
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        if (target.isPresent()) {
            var command = new RestoreCommand(
                    vm, disk, name, target.get(), targetDisk.orElseThrow().intValue(), force);
            return streamer.respond(req, snapshots.restore(caller, command));
        }
        NewerSnapshots newer = force ? NewerSnapshots.DISCARD : NewerSnapshots.REFUSE;
        return streamer.respond(req, snapshots.rollback(caller, vm, disk, name, newer));
    }

    @DeleteMapping(ONE)
    ResponseEntity<String> delete(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        DeleteResult result = snapshots.delete(caller, vm, DanubeValidation.diskId(p), name);
        return deleted(req, caller, result, "Snapshot successfully deleted from DB");
    }

    private ResponseEntity<String> deleted(HttpServletRequest req, Caller caller, DeleteResult result, String message) {
        if (result.task().isPresent()) {
            return streamer.respond(req, result.task().get());
        }
        return DanubeResponses.successWithId(req, result.syncTaskId().orElseThrow(), Map.of("message", message));
    }

    private static SnapshotType type(String value) {
        return switch (value.strip()) {
            case "1" -> SnapshotType.AUTOMATIC;
            case "2" -> SnapshotType.MANUAL;
            default -> throw new RuleViolationException(Rule.INVALID_SNAPSHOT_TYPE);
        };
    }

    private Map<Long, String> defineNames(List<SnapshotView> views) {
        List<Long> ids = views.stream()
                .map(v -> v.snapshot().defineId())
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        return ids.isEmpty() ? Map.of() : definitions.names(ids);
    }

    /** The snapshot object of §5.1, fields in the serializer's order. */
    static Map<String, Object> object(SnapshotView view, Map<Long, String> defineNames) {
        Snapshot s = view.snapshot();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("hostname", view.hostname());
        o.put("vm_uuid", view.vmUuid());
        o.put("define", s.defineId() == null ? null : defineNames.get(s.defineId()));
        o.put("name", s.name());
        o.put("disk_id", view.diskPosition());
        o.put("note", s.note());
        o.put("type", s.type().code());
        o.put("created", DanubeJson.time(s.createdAt()));
        o.put("status", statusCode(s.status()));
        o.put("size", s.exclusiveBytes());
        o.put("id", s.id());
        return o;
    }

    /** Danube codes: 1 ok, 2 pending, 3 rollback, 4 lost; deleting shows as pending. */
    static int statusCode(SnapshotStatus status) {
        return switch (status) {
            case OK -> 1;
            case PENDING, DELETING -> 2;
            case ROLLBACK -> 3;
            case LOST, ERROR -> 4;
        };
    }
}

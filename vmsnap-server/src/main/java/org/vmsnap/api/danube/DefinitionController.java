package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
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
import org.vmsnap.policy.DefinitionChange;
import org.vmsnap.policy.DefinitionService;
import org.vmsnap.policy.DefinitionView;
import org.vmsnap.policy.RetentionBounds;
import org.vmsnap.policy.SnapshotDefinition;

/** Danube §2.1–2.3: snapshot definitions, {@code /api/vm/[<h>/]define/snapshot/[<snapdef>/]}. */
@RestController
class DefinitionController {
    private static final String VM_LIST = "/api/vm/{vm:[A-Za-z0-9._-]+}/define/snapshot/";
    private static final String ONE = VM_LIST + "{name:[A-Za-z0-9._-]+}/";
    private static final Map<String, Comparator<DefinitionView>> ALL_FIELDS = OrderBy.fields(
            "name", by(v -> v.definition().name()),
            "disk_id", by(v -> v.definition().diskPosition()),
            "hostname", by(DefinitionView::hostname),
            "created", by(v -> v.definition().id()));
    private static final Map<String, Comparator<DefinitionView>> VM_FIELDS = OrderBy.fields(
            "name", by(v -> v.definition().name()),
            "disk_id", by(v -> v.definition().diskPosition()),
            "created", by(v -> v.definition().id()));

    private final DefinitionService definitions;
    private final DanubeRequests requests;
    private final DanubeAuth auth;

    DefinitionController(DefinitionService definitions, DanubeRequests requests, DanubeAuth auth) {
        this.definitions = definitions;
        this.requests = requests;
        this.auth = auth;
    }

    @GetMapping("/api/vm/define/snapshot/")
    ResponseEntity<String> listAll(HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        List<DefinitionView> found = sorted(
                definitions.listAll(caller),
                p,
                ALL_FIELDS,
                ALL_FIELDS.get("hostname").thenComparing(newestFirst()));
        return DanubeResponses.success(req, caller, caller.userId(), 200, render(found, p));
    }

    @GetMapping(VM_LIST)
    ResponseEntity<String> list(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Optional<Integer> disk = p.has("disk_id") ? Optional.of(DanubeValidation.diskId(p)) : Optional.empty();
        List<DefinitionView> found = sorted(definitions.list(caller, vm, disk), p, VM_FIELDS, newestFirst());
        return DanubeResponses.success(req, caller, caller.userId(), 200, render(found, p));
    }

    @GetMapping(ONE)
    ResponseEntity<String> get(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        DefinitionView view = definitions.get(caller, vm, DanubeValidation.diskId(p), name);
        return DanubeResponses.success(req, caller, caller.userId(), 200, object(view, p.bool("extended", false)));
    }

    @PostMapping(ONE)
    ResponseEntity<String> create(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        int disk = DanubeValidation.diskId(p);
        definitions.locateForWrite(caller, vm, disk);
        DanubeValidation v = new DanubeValidation();
        v.name("name", name, 8);
        DefinitionChange change = change(p, v, definitions.retentionBounds(caller));
        if (disk > 2) {
            // Danube's quirk: the serializer's disk_id bound stays at DISK_ID_MAX + 1 = 2.
            v.add("disk_id", "Ensure this value is less than or equal to 2.");
        }
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        DefinitionView view = definitions.create(caller, vm, disk, name, change);
        return DanubeResponses.success(req, caller, caller.userId(), 201, object(view, false));
    }

    @PutMapping(ONE)
    ResponseEntity<String> update(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        int disk = DanubeValidation.diskId(p);
        definitions.locateForWrite(caller, vm, disk);
        DanubeValidation v = new DanubeValidation();
        DefinitionChange change = change(p, v, definitions.retentionBounds(caller));
        if (!v.ok()) {
            definitions.get(caller, vm, disk, name);
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        DefinitionView view = definitions.update(caller, vm, disk, name, change);
        return DanubeResponses.success(req, caller, caller.userId(), 200, object(view, false));
    }

    @DeleteMapping(ONE)
    ResponseEntity<String> delete(@PathVariable String vm, @PathVariable String name, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        definitions.delete(caller, vm, DanubeValidation.diskId(p), name);
        return DanubeResponses.success(req, caller, caller.userId(), 200, null);
    }

    /** The updatable fields, validated the way Danube's serializer does. */
    private static DefinitionChange change(DanubeParams p, DanubeValidation v, RetentionBounds bounds) {
        Optional<String> schedule = p.string("schedule");
        Optional<Integer> retention =
                v.integer(p, "retention", bounds.min(), bounds.max()).map(Long::intValue);
        Optional<String> desc = p.string("desc");
        desc.ifPresent(d -> v.safeText("desc", d));
        Optional<Boolean> active = p.has("active") ? Optional.of(p.bool("active", true)) : Optional.empty();
        Optional<Boolean> fsfreeze = p.has("fsfreeze") ? Optional.of(p.bool("fsfreeze", false)) : Optional.empty();
        return new DefinitionChange(schedule, retention, active, desc, fsfreeze);
    }

    private static List<DefinitionView> sorted(
            List<DefinitionView> views,
            DanubeParams p,
            Map<String, Comparator<DefinitionView>> fields,
            Comparator<DefinitionView> fallback) {
        List<OrderBy.Key<Comparator<DefinitionView>>> keys = OrderBy.parse(p.string("order_by"), fields);
        Comparator<DefinitionView> order = keys.isEmpty() ? fallback : null;
        for (OrderBy.Key<Comparator<DefinitionView>> key : keys) {
            Comparator<DefinitionView> c = key.descending() ? key.field().reversed() : key.field();
            order = order == null ? c : order.thenComparing(c);
        }
        return views.stream().sorted(order.thenComparing(newestFirst())).toList();
    }

    private static Comparator<DefinitionView> newestFirst() {
        return Comparator.comparingLong((DefinitionView v) -> v.definition().id())
                .reversed();
    }

    private static <T extends Comparable<T>> Comparator<DefinitionView> by(
            java.util.function.Function<DefinitionView, T> key) {
        return Comparator.comparing(key);
    }

    private static Object render(List<DefinitionView> found, DanubeParams p) {
        boolean extended = p.bool("extended", false);
        if (p.bool("full", false) || extended) {
            return found.stream().map(v -> object(v, extended)).toList();
        }
        return found.stream().map(v -> v.definition().name()).toList();
    }

    /** The definition object of §5.2 (+ {@code snapshots} when extended, + {@code next_run}). */
    static Map<String, Object> object(DefinitionView view, boolean extended) {
        SnapshotDefinition f = view.definition();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("hostname", view.hostname());
        o.put("vm_uuid", view.vmUuid());
        o.put("name", f.name());
        o.put("disk_id", f.diskPosition());
        o.put("desc", f.description());
        o.put("active", f.active());
        o.put("schedule", f.schedule());
        o.put("retention", f.retention());
        o.put("fsfreeze", f.fsfreeze());
        o.put("next_run", DanubeJson.time(f.nextRunAt()));
        if (extended) {
            o.put("snapshots", view.snapshots());
        }
        return o;
    }
}

package org.vmsnap.api.vss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.request.ChangeRequest;
import org.vmsnap.request.CreateRequestCommand;
import org.vmsnap.request.SnapshotRequest;
import org.vmsnap.request.SnapshotRequestService;
import org.vmsnap.request.VmSummary;

/** {@code /v2/vm/{vm}} and its snapshots; {@code {vm}} is the moref {@code vm-<id>} or the VM's uuid. */
@RestController
@RequestMapping("/v2/vm/{vm}")
class VssSnapshotController {
    private final SnapshotRequestService requests;
    private final VssAuth auth;
    private final VssJson json;
    private final VssTime time;

    VssSnapshotController(SnapshotRequestService requests, VssAuth auth, VssJson json, VssTime time) {
        this.requests = requests;
        this.auth = auth;
        this.json = json;
        this.time = time;
    }

    @GetMapping({"", "/"})
    ResponseEntity<String> vm(HttpServletRequest req, @PathVariable String vm) {
        Caller caller = begin(req);
        return VssResponses.ok(req, json.vm(VssResponses.base(req), requests.vm(caller, vm)));
    }

    @GetMapping({"/snapshot", "/snapshot/"})
    ResponseEntity<String> list(HttpServletRequest req, @PathVariable String vm) {
        Caller caller = begin(req);
        VssSummaryRef ref = ref(caller, vm);
        List<ObjectNode> items = requests.snapshots(caller, vm).stream()
                .map(s -> json.snapshot(VssResponses.base(req), ref.moref, s))
                .toList();
        ObjectNode page = VssList.page(req, items, true);
        return VssResponses.envelope(req, 200, page.get("data"), (ObjectNode) page.get("meta"));
    }

    @PostMapping({"/snapshot", "/snapshot/"})
    ResponseEntity<String> create(HttpServletRequest req, @PathVariable String vm) {
        Caller caller = begin(req);
        VssBody in = VssBody.read(req);
        Optional<Instant> from = in.string("from_date").map(s -> time.parse("from_date", s));
        var command = new CreateRequestCommand(
                vm,
                in.string("description").orElse(""),
                from,
                in.integer("valid_for").orElse(24),
                in.bool("consolidate").orElse(true),
                in.bool("with_memory").orElse(false));
        return submitted(req, requests.create(caller, command));
    }

    @GetMapping({"/snapshot/consolidate", "/snapshot/consolidate/"})
    ResponseEntity<String> consolidation(HttpServletRequest req, @PathVariable String vm) {
        Caller caller = begin(req);
        requests.vm(caller, vm);
        // qcow2 internal snapshots live inside the one image: there is never a delta chain to consolidate
        return VssResponses.ok(req, java.util.Map.of("require_disk_consolidation", false));
    }

    /** {@code {}} or {@code {"schedule":"YYYY-MM-DD HH:MM"}}: a change request, done at its schedule. */
    @PutMapping({"/snapshot/consolidate", "/snapshot/consolidate/"})
    ResponseEntity<String> consolidate(HttpServletRequest req, @PathVariable String vm) {
        Caller caller = begin(req);
        Optional<Instant> schedule = VssBody.read(req).string("schedule").map(s -> time.parse("schedule", s));
        ChangeRequest r = requests.consolidate(caller, vm, schedule);
        return VssResponses.envelope(
                req, 202, json.changeSubmission(VssResponses.base(req), r), VssResponses.meta(req));
    }

    @GetMapping({"/snapshot/{id}", "/snapshot/{id}/"})
    ResponseEntity<String> get(HttpServletRequest req, @PathVariable String vm, @PathVariable long id) {
        Caller caller = begin(req);
        VssSummaryRef ref = ref(caller, vm);
        return VssResponses.ok(
                req, json.snapshot(VssResponses.base(req), ref.moref, requests.snapshot(caller, vm, id)));
    }

    @DeleteMapping({"/snapshot/{id}", "/snapshot/{id}/"})
    ResponseEntity<String> delete(HttpServletRequest req, @PathVariable String vm, @PathVariable long id) {
        Caller caller = begin(req);
        return submitted(req, requests.delete(caller, vm, id));
    }

    @PatchMapping({"/snapshot/{id}", "/snapshot/{id}/"})
    ResponseEntity<String> revert(HttpServletRequest req, @PathVariable String vm, @PathVariable long id) {
        Caller caller = begin(req);
        return submitted(req, requests.revert(caller, vm, id));
    }

    private Caller begin(HttpServletRequest req) {
        VssResponses.started(req);
        return auth.caller(req);
    }

    private VssSummaryRef ref(Caller caller, String vm) {
        VmSummary summary = requests.vm(caller, vm);
        return new VssSummaryRef(summary.vm().moref());
    }

    private ResponseEntity<String> submitted(HttpServletRequest req, SnapshotRequest r) {
        return VssResponses.envelope(req, 202, json.submission(VssResponses.base(req), r), VssResponses.meta(req));
    }

    private record VssSummaryRef(String moref) {}
}

package org.vmsnap.api.vss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.request.ChangeRequest;
import org.vmsnap.request.SnapshotRequest;
import org.vmsnap.request.SnapshotRequestService;
import org.vmsnap.request.VmSnapshot;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.VmsnapException;

/** {@code /v2/request} counts, the snapshot requests (list, one, extend) and the change requests (list, one). */
@RestController
@RequestMapping("/v2/request")
class VssRequestController {
    private final SnapshotRequestService requests;
    private final VssAuth auth;
    private final VssJson json;

    VssRequestController(SnapshotRequestService requests, VssAuth auth, VssJson json) {
        this.requests = requests;
        this.auth = auth;
        this.json = json;
    }

    @GetMapping({"", "/"})
    ResponseEntity<String> counts(HttpServletRequest req) {
        Caller caller = begin(req);
        ObjectNode data = VssResponses.JSON
                .createObjectNode()
                .put("change", requests.changeRequests(caller).size())
                .put("snapshot", requests.list(caller).size());
        ObjectNode body = VssResponses.JSON.createObjectNode();
        body.putObject("_links")
                .put("self", VssResponses.self(req))
                .put("change", VssResponses.base(req) + "/v2/request/change")
                .put("snapshot", VssResponses.base(req) + "/v2/request/snapshot");
        body.set("data", data);
        body.set("meta", VssResponses.meta(req));
        return VssResponses.json(200, body);
    }

    @GetMapping({"/snapshot", "/snapshot/"})
    ResponseEntity<String> list(HttpServletRequest req) {
        Caller caller = begin(req);
        List<SnapshotRequest> all = requests.list(caller);
        Map<Long, String> users = new HashMap<>();
        Map<Long, List<VmSnapshot>> snapshotsByVm = new HashMap<>();
        List<ObjectNode> items = all.stream()
                .map(r -> json.request(VssResponses.base(req), r, snapId(caller, r, snapshotsByVm), users))
                .toList();
        ObjectNode page = VssList.page(req, items, false);
        return VssResponses.envelope(req, 200, page.get("data"), (ObjectNode) page.get("meta"));
    }

    @GetMapping({"/snapshot/{id}", "/snapshot/{id}/"})
    ResponseEntity<String> get(HttpServletRequest req, @PathVariable long id) {
        Caller caller = begin(req);
        SnapshotRequest r = requests.get(caller, id);
        return VssResponses.ok(
                req, json.request(VssResponses.base(req), r, snapId(caller, r, new HashMap<>()), new HashMap<>()));
    }

    @GetMapping({"/change", "/change/"})
    ResponseEntity<String> changes(HttpServletRequest req) {
        Caller caller = begin(req);
        Map<Long, String> users = new HashMap<>();
        List<ObjectNode> items = requests.changeRequests(caller).stream()
                .map(r -> json.changeRequest(VssResponses.base(req), r, users))
                .toList();
        ObjectNode page = VssList.page(req, items, false);
        return VssResponses.envelope(req, 200, page.get("data"), (ObjectNode) page.get("meta"));
    }

    @GetMapping({"/change/{id}", "/change/{id}/"})
    ResponseEntity<String> change(HttpServletRequest req, @PathVariable long id) {
        Caller caller = begin(req);
        ChangeRequest r =
                requests.changeRequest(caller, id).orElseThrow(() -> new VssNotFound("Change request not found"));
        return VssResponses.ok(req, json.changeRequest(VssResponses.base(req), r, new HashMap<>()));
    }

    /** {@code {"attribute":"duration","value":<hours>}}: moves the deletion later. */
    @PutMapping({"/snapshot/{id}", "/snapshot/{id}/"})
    ResponseEntity<String> update(HttpServletRequest req, @PathVariable long id) {
        Caller caller = begin(req);
        VssBody in = VssBody.read(req);
        String attribute = in.string("attribute").orElseThrow(() -> new VssBadRequest("attribute is required"));
        if (!attribute.equals("duration")) {
            throw new VssBadRequest(
                    "unknown attribute '" + (attribute.length() > 40 ? attribute.substring(0, 40) : attribute)
                            + "'; only 'duration' can be changed");
        }
        int hours = in.integer("value").orElseThrow(() -> new VssBadRequest("value is required (hours, 1-72)"));
        SnapshotRequest r = requests.extend(caller, id, hours);
        return VssResponses.ok(
                req, json.request(VssResponses.base(req), r, snapId(caller, r, new HashMap<>()), new HashMap<>()));
    }

    private Optional<Long> snapId(Caller caller, SnapshotRequest r, Map<Long, List<VmSnapshot>> cache) {
        if (r.vmId() == null || r.snapshotName() == null) {
            return Optional.empty();
        }
        List<VmSnapshot> snapshots = cache.computeIfAbsent(r.vmId(), vmId -> {
            try {
                return requests.snapshots(caller, "vm-" + vmId);
            } catch (NotFoundException e) {
                return List.of();
            } catch (VmsnapException e) {
                return List.of();
            }
        });
        return snapshots.stream()
                .filter(s -> s.name().equals(r.snapshotName()))
                .map(VmSnapshot::id)
                .findFirst();
    }

    private Caller begin(HttpServletRequest req) {
        VssResponses.started(req);
        return auth.caller(req);
    }
}

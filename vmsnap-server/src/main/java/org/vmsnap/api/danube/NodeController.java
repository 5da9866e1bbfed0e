package org.vmsnap.api.danube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Node;
import org.vmsnap.inventory.NodeStatus;
import org.vmsnap.snapshot.SnapshotService;

/**
 * Danube's node views (SuperAdmin): {@code GET /api/node/} (hostnames, or objects with {@code full} /
 * {@code extended}), {@code GET /api/node/<hostname>/}, and {@code PUT /api/node/<hostname>/define/} with
 * {@code status} 2 (online) or 1 (maintenance: new work for the node is refused). Status 3 (unreachable) is the
 * node's agent not heard from lately; {@code last_seen} is a vmsnap extension.
 */
@RestController
class NodeController {
    private static final String LIST = "/api/node/";
    private static final String ONE = LIST + "{hostname:[A-Za-z0-9._-]+}/";

    private final InventoryService inventory;
    private final SnapshotService snapshots;
    private final DanubeRequests requests;
    private final DanubeAuth auth;

    NodeController(InventoryService inventory, SnapshotService snapshots, DanubeRequests requests, DanubeAuth auth) {
        this.inventory = inventory;
        this.snapshots = snapshots;
        this.requests = requests;
        this.auth = auth;
    }

    /** A node as Danube's node serializer shows it; {@code vms} and {@code snapshots} with {@code extended}. */
    @JsonPropertyOrder({
        "hostname",
        "uuid",
        "address",
        "status",
        "node_status",
        "is_compute",
        "is_backup",
        "note",
        "cpu",
        "ram",
        "cpu_free",
        "ram_free",
        "last_seen",
        "vms",
        "snapshots"
    })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NodeObject(
            String hostname,
            String uuid,
            String address,
            int status,
            String node_status,
            boolean is_compute,
            boolean is_backup,
            String note,
            int cpu,
            long ram,
            int cpu_free,
            long ram_free,
            @JsonInclude(JsonInclude.Include.ALWAYS) String last_seen,
            Long vms,
            Long snapshots) {}

    @GetMapping(LIST)
    ResponseEntity<String> list(HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        List<Node> nodes = inventory.nodes(caller);
        boolean extended = p.bool("extended", false);
        Object result = p.bool("full", false) || extended
                ? objects(nodes, extended)
                : nodes.stream().map(Node::hostname).toList();
        return DanubeResponses.success(req, caller, caller.userId(), 200, result);
    }

    @GetMapping(ONE)
    ResponseEntity<String> get(@PathVariable String hostname, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Node node = inventory.node(caller, hostname);
        return DanubeResponses.success(
                req,
                caller,
                caller.userId(),
                200,
                objects(List.of(node), p.bool("extended", false)).get(0));
    }

    @PutMapping(ONE + "define/")
    ResponseEntity<String> define(@PathVariable String hostname, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        inventory.node(caller, hostname);
        DanubeValidation v = new DanubeValidation();
        NodeStatus status = null;
        if (p.has("status")) {
            Object raw = p.raw("status");
            try {
                status = NodeStatus.settable(DanubeParams.parseInt(raw)).orElse(null);
            } catch (NumberFormatException e) {
                status = null;
            }
            if (status == null) {
                v.add(
                        "status",
                        "Select a valid choice. " + DanubeParams.pythonStr(raw)
                                + " is not one of the available choices.");
            }
        }
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        Node node =
                status == null ? inventory.node(caller, hostname) : inventory.setNodeStatus(caller, hostname, status);
        return DanubeResponses.success(
                req, caller, caller.userId(), 200, objects(List.of(node), false).get(0));
    }

    private List<NodeObject> objects(List<Node> nodes, boolean extended) {
        Map<Long, Long> vms = extended ? inventory.vmCountsByNode() : Map.of();
        Map<Long, Long> snaps = extended ? snapshots.countByNode() : Map.of();
        return nodes.stream()
                .map(n -> new NodeObject(
                        n.hostname(),
                        n.uuid(),
                        n.address(),
                        n.status().code(),
                        n.status().label(),
                        true,
                        false,
                        "",
                        n.cpus(),
                        n.ramMb(),
                        n.cpusFree(),
                        n.ramFreeMb(),
                        n.lastSeen() == null ? null : DanubeJson.time(n.lastSeen()),
                        extended ? vms.getOrDefault(n.id(), 0L) : null,
                        extended ? snaps.getOrDefault(n.id(), 0L) : null))
                .toList();
    }
}

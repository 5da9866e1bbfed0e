package org.vmsnap.api.hostkey;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.snapshot.VmUsage;
import org.vmsnap.snapshot.VmUsageService;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskService;

/**
 * {@code eq_callback.php?action=check&key=}: progress and result of the task behind a callback key. The key is the
 * credential (HOSTKEY sends no token here): 32 random characters {@code [a-z0-9]}. A finished task reads
 * {@code context.status} {@code done}; a failed one {@code result} {@code Error} and {@code context.status}
 * {@code error}, which HOSTKEY's client takes as terminal failure.
 */
@RestController
class CallbackController {
    private final HostkeyRequests requests;
    private final TaskService tasks;
    private final VmUsageService usage;
    private final InventoryService inventory;

    CallbackController(HostkeyRequests requests, TaskService tasks, VmUsageService usage, InventoryService inventory) {
        this.inventory = inventory;
        this.requests = requests;
        this.tasks = tasks;
        this.usage = usage;
    }

    @RequestMapping(
            path = "/eq_callback.php",
            method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> call(HttpServletRequest req) {
        HostkeyParams p = requests.params(req);
        if (!p.required("action").equals("check")) {
            throw new HostkeyError("unknown action");
        }
        String key = p.required("key").strip();
        Optional<Task> task = key.matches("[a-z0-9]{32}") ? tasks.byCallbackKey(key) : Optional.empty();
        if (task.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", -1);
            body.put("message", "AsyncKey not found");
            body.put("key", key.length() > 64 ? key.substring(0, 64) : key);
            return HostkeyResponses.json(200, body);
        }
        return check(task.get(), key);
    }

    private ResponseEntity<String> check(Task task, String key) {
        Optional<TaskOutcome> outcome = task.outcome();
        boolean failed = outcome.isPresent() && !outcome.get().success();
        String status = outcome.isEmpty() ? "pending" : failed ? "error" : "done";
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("action", action(task));
        // HOSTKEY's own client reads the id as a string, and takes a context with an id and an ip for done
        context.put("id", task.vmId() == null ? "" : String.valueOf(task.vmId()));
        if (status.equals("done") && task.vmId() != null) {
            inventory.vm(task.vmId()).ifPresent(vm -> context.put("ip", inventory.addressOf(vm)));
        }
        context.put("status", status);
        outcome.ifPresent(o -> context.put("message", o.message()));
        if (status.equals("done")) {
            usage.of(task).ifPresent(u -> context.put("stats", stats(u)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", failed ? "Error" : "OK");
        body.put("action", "check");
        body.put("scope", Map.of("id", task.vmId() == null ? 0 : task.vmId()));
        body.put("context", context);
        body.put("debug", outcome.map(TaskOutcome::message).orElse("Task is in progress"));
        body.put("key", key);
        return HostkeyResponses.json(200, body);
    }

    private static String action(Task task) {
        return switch (task.kind()) {
            case SNAPSHOT_CREATE -> "create_snapshot";
            case SNAPSHOT_DELETE -> "remove_snapshot";
            case SNAPSHOT_ROLLBACK, SNAPSHOT_RESTORE -> "restore_snapshot";
            case VM_STATS -> "load_stats";
            default -> task.kind().name().toLowerCase();
        };
    }

    private static Map<String, Object> stats(VmUsage u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("state", u.state().name().toLowerCase());
        o.put("disk_bytes", u.diskBytes());
        o.put("snapshot_bytes", u.snapshotBytes());
        o.put("disks", u.disks().stream().map(CallbackController::disk).toList());
        o.put("runtime", u.runtime().map(CallbackController::runtime).orElse(null));
        return o;
    }

    private static Map<String, Object> disk(VmUsage.DiskUsage d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("disk_id", d.position());
        o.put("uuid", d.uuid());
        o.put("size", d.sizeBytes());
        o.put("snapshots", d.snapshots());
        o.put("snapshot_bytes", d.snapshotBytes());
        return o;
    }

    private static Map<String, Object> runtime(RuntimeUsage r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("cpu_time_ns", r.cpuTime().toNanos());
        o.put("memory_bytes", r.memoryBytes());
        o.put("block_read_bytes", r.blockReadBytes());
        o.put("block_written_bytes", r.blockWrittenBytes());
        o.put("block_read_ops", r.blockReadOps());
        o.put("block_write_ops", r.blockWriteOps());
        return o;
    }
}

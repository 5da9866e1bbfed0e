package org.vmsnap.api.hostkey;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.snapshot.CreateSnapshotCommand;
import org.vmsnap.snapshot.DeleteResult;
import org.vmsnap.snapshot.NewerSnapshots;
import org.vmsnap.snapshot.RotationService;
import org.vmsnap.snapshot.RotationSettings;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotType;
import org.vmsnap.snapshot.SnapshotView;
import org.vmsnap.snapshot.VmUsageService;
import org.vmsnap.task.Task;

/**
 * {@code vm.php}: snapshots of a VM addressed by its numeric id. A HOSTKEY snapshot is one of the VM's system
 * disk (position 1); mutating actions answer a {@code callback} key to poll on {@code eq_callback.php}.
 */
@RestController
class VmPhpController {
    static final String MODULE = "vm";

    private final HostkeyRequests requests;
    private final HostkeyAuth auth;
    private final VmLookup lookup;
    private final SnapshotService snapshots;
    private final RotationService rotation;
    private final VmUsageService usage;

    VmPhpController(
            HostkeyRequests requests,
            HostkeyAuth auth,
            VmLookup lookup,
            SnapshotService snapshots,
            RotationService rotation,
            VmUsageService usage) {
        this.requests = requests;
        this.auth = auth;
        this.lookup = lookup;
        this.snapshots = snapshots;
        this.rotation = rotation;
        this.usage = usage;
    }

    @RequestMapping(
            path = "/vm.php",
            method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> call(HttpServletRequest req) {
        HostkeyParams p = requests.params(req);
        String action = p.required("action");
        if (!VmLookup.ACTIONS.contains(action)) {
            throw new HostkeyError("unknown action");
        }
        Caller caller = auth.caller(p);
        Vm vm = lookup.vm(caller, p);
        return switch (action) {
            case "create_snapshot" -> create(caller, vm, p);
            case "get_snapshot" -> get(caller, vm, p);
            case "remove_snapshot" -> remove(caller, vm, p);
            case "restore_snapshot" -> restore(caller, vm, p);
            case "update_restore_settings" -> updateSettings(caller, vm, p);
            default -> callback(action, usage.load(caller, vm.hostname()));
        };
    }

    private ResponseEntity<String> create(Caller caller, Vm vm, HostkeyParams p) {
        String name = VmLookup.name(p.required("name"));
        VmLookup.type(p);
        // num_rotation is accepted and ignored, as HOSTKEY documents it.
        var command = new CreateSnapshotCommand(vm.hostname(), 1, name, "", false, SnapshotType.MANUAL, null);
        try {
            return callback("create_snapshot", rotation.create(caller, command));
        } catch (RuleViolationException e) {
            if (e.rule() != Rule.SNAPSHOT_LIMIT_REACHED) {
                throw e;
            }
            RotationSettings settings = rotation.settings(caller, vm.hostname());
            throw new HostkeyError("snapshot limit reached (" + settings.maxSnapshots() + ")"
                    + (settings.enabled() ? ": every older snapshot is excluded from rotation" : ""));
        }
    }

    private ResponseEntity<String> get(Caller caller, Vm vm, HostkeyParams p) {
        VmLookup.type(p);
        RotationSettings settings = rotation.settings(caller, vm.hostname());
        List<Map<String, Object>> list = lookup.snapshots(caller, vm).stream()
                .map(s -> VmLookup.render(s, settings))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("snapshots", list);
        body.put("settings", VmLookup.render(settings));
        return HostkeyResponses.ok(MODULE, "get_snapshot", body);
    }

    private ResponseEntity<String> remove(Caller caller, Vm vm, HostkeyParams p) {
        VmLookup.type(p);
        SnapshotView target = lookup.snapshot(caller, vm, p);
        requirePoweredOff(vm);
        DeleteResult result =
                snapshots.delete(caller, vm.hostname(), 1, target.snapshot().name());
        return result.task()
                .map(task -> callback("remove_snapshot", task))
                .orElseGet(() -> HostkeyResponses.ok(MODULE, "remove_snapshot", Map.of()));
    }

    private ResponseEntity<String> restore(Caller caller, Vm vm, HostkeyParams p) {
        VmLookup.type(p);
        SnapshotView target = lookup.snapshot(caller, vm, p);
        requirePoweredOff(vm);
        Task task =
                snapshots.rollback(caller, vm.hostname(), 1, target.snapshot().name(), NewerSnapshots.DISCARD);
        return callback("restore_snapshot", task);
    }

    private ResponseEntity<String> updateSettings(Caller caller, Vm vm, HostkeyParams p) {
        Optional<Boolean> enabled = p.string("enable_rotation").map(VmLookup::flag);
        Optional<List<String>> excluded = p.list("exclude_rotation").map(VmLookup::excluded);
        RotationSettings settings = rotation.update(caller, vm.hostname(), enabled, excluded);
        return HostkeyResponses.ok(MODULE, "update_restore_settings", Map.of("settings", VmLookup.render(settings)));
    }

    /** HOSTKEY's rule: a snapshot is removed or restored only while the server is off. */
    private static void requirePoweredOff(Vm vm) {
        if (vm.state() == VmState.RUNNING || vm.state() == VmState.STOPPING) {
            throw new RuleViolationException(Rule.VM_NOT_STOPPED);
        }
    }

    private static ResponseEntity<String> callback(String action, Task task) {
        return HostkeyResponses.ok(MODULE, action, Map.of("callback", task.callbackKey()));
    }
}

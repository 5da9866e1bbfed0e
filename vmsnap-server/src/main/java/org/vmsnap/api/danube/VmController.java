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
import org.vmsnap.inventory.DefineDiskCommand;
import org.vmsnap.inventory.DefineVmCommand;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmSnapshotLimits;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskService;

/** VMs the Danube way: define, add disks, deploy, show, status, undeploy. */
@RestController
class VmController {
    private static final String VM = "/api/vm/{vm:[A-Za-z0-9._-]+}/";
    /** Danube's bounds of {@code snapshot_limit_manual} while {@code VMS_VM_SNAPSHOT_LIMIT_MANUAL} is not set. */
    private static final long MAX_COUNT = 65536;
    /** Danube's bound of {@code snapshot_size_limit} (MB) while {@code VMS_VM_SNAPSHOT_SIZE_LIMIT} is not set. */
    private static final long MAX_SIZE = 2147483647;

    private final InventoryService inventory;
    private final TaskService tasks;
    private final DanubeRequests requests;
    private final DanubeAuth auth;
    private final TaskStreamer streamer;
    private final RuntimeService runtime;

    VmController(
            InventoryService inventory,
            TaskService tasks,
            DanubeRequests requests,
            DanubeAuth auth,
            TaskStreamer streamer,
            RuntimeService runtime) {
        this.runtime = runtime;
        this.inventory = inventory;
        this.tasks = tasks;
        this.requests = requests;
        this.auth = auth;
        this.streamer = streamer;
    }

    @GetMapping("/api/vm/")
    ResponseEntity<String> list(HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        List<Vm> vms = inventory.vms(caller);
        boolean full = p.bool("full", false) || p.bool("extended", false);
        Object result = full
                ? vms.stream().map(this::object).toList()
                : vms.stream().map(Vm::hostname).toList();
        return DanubeResponses.success(req, caller, caller.userId(), 200, result);
    }

    @GetMapping(VM)
    ResponseEntity<String> get(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Vm found = inventory.vm(caller, vm);
        return DanubeResponses.success(req, caller, found.ownerId(), 200, object(found));
    }

    @GetMapping(VM + "define/")
    ResponseEntity<String> getDefine(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Vm found = inventory.vm(caller, vm);
        return DanubeResponses.success(req, caller, found.ownerId(), 200, defineObject(found));
    }

    /** Changes the VM's snapshot limits (admins only); other define fields are not changeable here. */
    @PutMapping(VM + "define/")
    ResponseEntity<String> updateDefine(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        if (!caller.isAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        Vm found = inventory.vm(caller, vm);
        VmSnapshotLimits current = inventory.snapshotLimits(found);
        DanubeValidation v = new DanubeValidation();
        LimitFields fields = new LimitFields(p, v);
        var limits = new VmSnapshotLimits(
                fields.read("snapshot_limit_manual", 0, MAX_COUNT, current.manualCount()),
                fields.read("snapshot_limit_auto", 0, MAX_COUNT, current.autoCount()),
                fields.read("snapshot_size_limit", 0, MAX_SIZE, current.sizeMb()),
                fields.read("snapshot_size_percent_limit", 0, MAX_SIZE, current.sizePercent()));
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, found.ownerId(), v.errors());
        }
        inventory.setSnapshotLimits(caller, vm, limits);
        return DanubeResponses.success(req, caller, found.ownerId(), 200, defineObject(found));
    }

    @GetMapping(VM + "status/")
    ResponseEntity<String> status(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Vm found = inventory.vm(caller, vm);
        if (runtime.refresh(found) != found.state()) {
            found = inventory.vm(caller, vm); // the VM's QEMU stopped or started since we last looked
        }
        long vmId = found.id();
        Map<String, Object> tasksOfVm = new LinkedHashMap<>();
        tasks.pending(caller).stream()
                .filter(t -> Long.valueOf(vmId).equals(t.vmId()))
                .forEach(t ->
                        tasksOfVm.put(t.id(), Map.of("kind", t.kind().name().toLowerCase())));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("hostname", found.hostname());
        result.put("uuid", found.uuid());
        result.put("alias", found.alias());
        result.put("status", status(found));
        result.put("tasks", tasksOfVm);
        return DanubeResponses.success(req, caller, found.ownerId(), 200, result);
    }

    @PostMapping(VM + "define/")
    ResponseEntity<String> define(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        DanubeValidation v = new DanubeValidation();
        v.name("hostname", vm, 128);
        Optional<String> alias = p.string("alias");
        alias.ifPresent(a -> v.name("alias", a, 24));
        // vmsnap extension: where the VM is reached (HOSTKEY's callbacks report it); its node's address by default
        Optional<String> address = p.string("address");
        if (address.isPresent()
                && !DefineVmCommand.ADDRESS.matcher(address.get()).matches()) {
            v.add("address", "Enter a valid IPv4 or IPv6 address or host name.");
        }
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        Vm created = inventory.defineVm(
                caller, new DefineVmCommand(vm, alias, p.string("owner"), p.string("node"), address));
        return DanubeResponses.success(req, caller, created.ownerId(), 201, defineObject(created));
    }

    @DeleteMapping(VM + "define/")
    ResponseEntity<String> deleteDefine(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        inventory.deleteDefinition(caller, vm);
        return DanubeResponses.success(req, caller, caller.userId(), 200, null);
    }

    @PostMapping(VM + "define/disk/{disk}/")
    ResponseEntity<String> defineDisk(@PathVariable String vm, @PathVariable String disk, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        int position = DanubeValidation.diskId(new DanubeParams(Map.of("disk_id", disk)));
        DanubeValidation v = new DanubeValidation();
        Optional<Long> sizeMb = v.integer(p, "size", 1, 16L * 1024 * 1024);
        Optional<String> image = p.string("image").filter(s -> !s.isEmpty());
        if (v.ok() && sizeMb.isEmpty() && image.isEmpty()) {
            v.add("size", "This field is required.");
        }
        if (v.ok() && sizeMb.isPresent() && image.isPresent()) {
            v.add("image", "Give either size or image, not both.");
        }
        if (!v.ok()) {
            inventory.vm(caller, vm);
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        var command = new DefineDiskCommand(position, sizeMb.map(mb -> mb * 1024 * 1024), image);
        Disk created = inventory.defineDisk(caller, vm, command);
        return DanubeResponses.success(req, caller, created.ownerId(), 201, disk(created));
    }

    @PostMapping(VM)
    ResponseEntity<String> deploy(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Task task = inventory.deploy(caller, vm);
        return streamer.respond(req, task);
    }

    @DeleteMapping(VM)
    ResponseEntity<String> undeploy(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        return streamer.respond(req, inventory.undeploy(caller, vm));
    }

    private Map<String, Object> object(Vm vm) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("hostname", vm.hostname());
        o.put("uuid", vm.uuid());
        o.put("alias", vm.alias());
        o.put("node", inventory.node(vm).hostname());
        o.put("owner", inventory.username(vm.ownerId()));
        o.put("status", status(vm));
        o.put("brand", vm.brand());
        o.put("installed", vm.installed());
        o.put("disks", inventory.disks(vm).stream().map(VmController::disk).toList());
        return o;
    }

    /** The VM object plus the define-only fields: its snapshot limits ({@code null} = none). */
    private Map<String, Object> defineObject(Vm vm) {
        Map<String, Object> o = object(vm);
        VmSnapshotLimits limits = inventory.snapshotLimits(vm);
        o.put("snapshot_limit_manual", limits.manualCount().orElse(null));
        o.put("snapshot_limit_auto", limits.autoCount().orElse(null));
        o.put("snapshot_size_limit", limits.sizeMb().orElse(null));
        o.put("snapshot_size_percent_limit", limits.sizePercent().orElse(null));
        return o;
    }

    private static Map<String, Object> disk(Disk d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("disk_id", d.position());
        o.put("size", d.sizeMb());
        o.put("image", d.adopted() ? d.imagePath().getFileName().toString() : null);
        o.put("uuid", d.uuid());
        return o;
    }

    private static String status(Vm vm) {
        return vm.state().name().toLowerCase();
    }
}

package org.vmsnap.api.cloudsigma;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.User;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;

/** {@code /api/2.0/servers/}: the caller's VMs, read only (what clients list in their set-up and tear-down). */
@RestController
class CloudSigmaServerController {
    private static final String LIST = "/api/2.0/servers/";

    private final InventoryService inventory;
    private final AccessService access;
    private final CloudSigmaAuth auth;

    CloudSigmaServerController(InventoryService inventory, AccessService access, CloudSigmaAuth auth) {
        this.inventory = inventory;
        this.access = access;
        this.auth = auth;
    }

    @GetMapping(LIST)
    ResponseEntity<String> list(HttpServletRequest req) {
        return list(req, false);
    }

    @GetMapping(LIST + "detail/")
    ResponseEntity<String> detail(HttpServletRequest req) {
        return list(req, true);
    }

    @GetMapping(LIST + "{uuid}/")
    ResponseEntity<String> get(@PathVariable String uuid, HttpServletRequest req) {
        Caller caller = auth.caller(req);
        if (!Fields.isUuid(uuid)) {
            throw new NotFoundException(ObjectKind.VM);
        }
        return CloudSigmaJson.ok(200, object(inventory.vm(caller, uuid), true));
    }

    private ResponseEntity<String> list(HttpServletRequest req, boolean full) {
        Caller caller = auth.caller(req);
        Paging paging = Paging.of(Query.of(req));
        List<Vm> all = inventory.vms(caller);
        List<Map<String, Object>> objects = CloudSigmaDriveController.page(all, paging).stream()
                .map(vm -> object(vm, full))
                .toList();
        return CloudSigmaJson.ok(200, CloudSigmaJson.envelope(paging, all.size(), objects));
    }

    private Map<String, Object> object(Vm vm, boolean full) {
        String owner = access.user(vm.ownerId()).map(User::uuid).orElse("");
        return CloudSigmaObjects.server(vm, owner, full ? inventory.disks(vm) : List.of(), full);
    }
}

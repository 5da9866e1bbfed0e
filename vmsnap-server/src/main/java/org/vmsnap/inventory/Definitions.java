package org.vmsnap.inventory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.User;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.TaskService;

/** VM and disk definitions: what a VM will be before it is deployed, including images adopted from disk. */
@Component
class Definitions {
    private final InventoryStore store;
    private final AccessService access;
    private final TaskService tasks;
    private final ImageDeployer deployer;
    private final Path dataDir;
    private final Clock clock;
    private final NodeDirectory nodes;

    Definitions(
            InventoryStore store,
            AccessService access,
            TaskService tasks,
            ImageDeployer deployer,
            @Value("${vmsnap.data-dir}") Path dataDir,
            Clock clock,
            NodeDirectory nodes) {
        this.nodes = nodes;
        this.store = store;
        this.access = access;
        this.tasks = tasks;
        this.deployer = deployer;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    @Transactional
    Vm defineVm(Caller caller, DefineVmCommand command) {
        InventoryService.requireAdmin(caller);
        if (store.vm(command.hostname()).isPresent()) {
            throw new AlreadyExistsException(ObjectKind.VM);
        }
        long ownerId = command.owner().map(name -> ownerId(caller, name)).orElse(caller.userId());
        Node node = nodes.placement(command.node());
        Vm vm = new Vm(
                0,
                UUID.randomUUID().toString(),
                command.hostname(),
                command.alias().orElse(command.hostname()),
                ownerId,
                caller.dcId(),
                node.id(),
                "kvm",
                VmState.NOTCREATED,
                false,
                clock.instant(),
                command.address().orElse(null));
        store.insertVm(vm);
        tasks.logSync(
                caller, ownerId, InventoryService.log(vm, "Add new server definition", "alias='" + vm.alias() + "'"));
        return store.vm(vm.uuid()).orElseThrow();
    }

    @Transactional
    Disk defineDisk(Caller caller, Vm vm, DefineDiskCommand command) {
        InventoryService.requireAdmin(caller);
        if (vm.state() != VmState.NOTCREATED) {
            throw new RuleViolationException(Rule.VM_ALREADY_INSTALLED);
        }
        List<Disk> existing = store.disksOf(vm.id());
        if (existing.stream().anyMatch(d -> d.position() == command.position())) {
            throw new AlreadyExistsException(ObjectKind.DISK);
        }
        if (command.position() != existing.size() + 1) {
            throw new RuleViolationException(Rule.INVALID_DISK_ID);
        }
        String uuid = UUID.randomUUID().toString();
        Path image;
        long size;
        boolean adopted = command.image().isPresent();
        Node node = nodes.byId(vm.nodeId());
        if (adopted && node.remote()) {
            throw InvalidInputException.of("image", "Images are adopted on the server's own node only.");
        }
        if (adopted) {
            image = adoptable(command.image().get());
            size = deployer.virtualSize(image);
        } else {
            Path images = node.remote() ? Path.of(node.imagesDir()) : dataDir.resolve("images");
            image = images.resolve(uuid + ".qcow2");
            size = command.sizeBytes().orElseThrow();
        }
        store.insertDisk(new Disk(
                0,
                uuid,
                "disk" + command.position(),
                vm.ownerId(),
                vm.id(),
                command.position(),
                size,
                "disk",
                DiskStatus.DEFINED,
                image,
                adopted,
                clock.instant(),
                node.remote() ? node.hostname() : null));
        tasks.logSync(
                caller,
                vm.ownerId(),
                InventoryService.log(vm, "Add server disk definition", "disk_id=" + command.position()));
        return store.disksOf(vm.id()).stream()
                .filter(d -> d.position() == command.position())
                .findFirst()
                .orElseThrow();
    }

    /** Deletes the definition of a VM that is not deployed. */
    @Transactional
    void deleteDefinition(Caller caller, Vm vm) {
        InventoryService.requireAdmin(caller);
        if (vm.state() != VmState.NOTCREATED) {
            throw new RuleViolationException(Rule.VM_ALREADY_INSTALLED);
        }
        store.deleteDisksOf(vm.id());
        store.deleteVm(vm.id());
        tasks.logSync(caller, vm.ownerId(), InventoryService.log(vm, "Delete server definition", ""));
    }

    private Path adoptable(String relative) {
        if (!relative.matches("[A-Za-z0-9._/-]{1,512}") || relative.startsWith("/")) {
            throw InvalidInputException.of("image", "Invalid value.");
        }
        Path image = dataDir.resolve(relative).normalize();
        if (!image.startsWith(dataDir) || image.equals(dataDir)) {
            throw InvalidInputException.of("image", "Invalid value.");
        }
        if (!image.toFile().isFile()) {
            throw InvalidInputException.of("image", "Image not found.");
        }
        if (store.imageInUse(image)) {
            throw InvalidInputException.of("image", "Image is already used by another disk.");
        }
        return image;
    }

    private long ownerId(Caller caller, String username) {
        return access.findByUsername(username)
                .filter(u -> u.dcId() == caller.dcId() || caller.isSuperAdmin())
                .map(User::id)
                .orElseThrow(() -> InvalidInputException.of("owner", "User not found."));
    }
}

package org.vmsnap.config;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.inventory.DriveService;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskService;

/**
 * Runs once after the context is built and before the web server accepts calls: the default DC, node and admin,
 * then recovery of whatever an earlier process left half done.
 */
@Component
class Startup implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    private final AccessService access;
    private final InventoryService inventory;
    private final SnapshotService snapshots;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final DriveService drives;
    private final String adminPassword;

    Startup(
            AccessService access,
            InventoryService inventory,
            SnapshotService snapshots,
            TaskService tasks,
            RuntimeService runtime,
            DriveService drives,
            @Value("${VMSNAP_ADMIN_PASSWORD:}") String adminPassword) {
        this.runtime = runtime;
        this.access = access;
        this.inventory = inventory;
        this.snapshots = snapshots;
        this.tasks = tasks;
        this.drives = drives;
        this.adminPassword = adminPassword;
    }

    @Override
    public void afterSingletonsInstantiated() {
        access.bootstrap(Optional.of(adminPassword)).ifPresent(generated -> {
            // Printed once, to the console only: it is the only copy in clear text.
            System.out.println("vmsnap: created superadmin 'admin' with password: " + generated);
        });
        inventory.bootstrap();
        runtime.recover(); // first: disks of VMs still running are then reconciled through their QEMU
        for (Task task : tasks.failInterrupted()) {
            try {
                inventory.recover(task);
                snapshots.recover(task);
                drives.recover(task);
            } catch (RuntimeException e) {
                log.error("recovery after task {} failed: {}", task.id(), e.getMessage());
            }
        }
    }
}

package org.vmsnap.config;

import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.inventory.DriveService;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskOutcome;
import org.vmsnap.task.TaskService;

/**
 * Runs once after the context is built and before the web server accepts calls: the default DC, node and admin,
 * then recovery of whatever an earlier process (or a dead replica sharing the database) left half done.
 */
@Component
class Startup implements SmartInitializingSingleton {
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
        settleOrphans();
    }

    /**
     * Recovers and fails the tasks no live replica runs: at start the ones an earlier process left, later (see
     * {@link OrphanSweep}) those of replicas sharing the database that died.
     */
    void settleOrphans() {
        tasks.settleOrphans(this::recover);
    }

    /** Recovers after the task; returns its outcome where the snapshot recovery could tell it. */
    private Optional<TaskOutcome> recover(Task task) {
        inventory.recover(task);
        Optional<TaskOutcome> outcome = snapshots.recover(task);
        drives.recover(task);
        return outcome;
    }
}

package org.vmsnap.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.task.TaskOutcome;

/** The storage side of deploying and undeploying a VM; runs inside tasks. */
@Component
class ImageDeployer {
    private static final Logger log = LoggerFactory.getLogger(ImageDeployer.class);

    private final InventoryStore store;
    private final StorageDriver driver;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    ImageDeployer(
            InventoryStore store, StorageDriver driver, ApplicationEventPublisher events, TransactionTemplate tx) {
        this.store = store;
        this.driver = driver;
        this.events = events;
        this.tx = tx;
    }

    long virtualSize(Path image) {
        try {
            return driver.inspect(new ImageRef(image)).virtualSize();
        } catch (StorageException e) {
            throw org.vmsnap.shared.InvalidInputException.of("image", "Image is not a valid qcow2 image.");
        }
    }

    TaskOutcome deploy(Vm vm, List<Disk> disks) {
        List<Disk> created = new ArrayList<>();
        try {
            for (Disk disk : disks) {
                long size = disk.adopted() ? driver.inspect(disk.image()).virtualSize() : disk.sizeBytes();
                if (!disk.adopted()) {
                    driver.createImage(disk.image(), disk.sizeBytes());
                    created.add(disk);
                }
                store.setDiskStatus(disk.id(), DiskStatus.READY, size);
            }
        } catch (StorageException e) {
            log.warn("deploy of {} failed: {}", vm.hostname(), e.getMessage());
            created.forEach(d -> driver.deleteImage(d.image()));
            rollBackDeploy(vm, disks);
            return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
        }
        store.setState(vm.id(), EnumSet.of(VmState.DEPLOYING), VmState.STOPPED, true);
        return TaskOutcome.ok("Successfully created");
    }

    /** Undoes a deploy that failed or was interrupted: new images go, the VM is defined only. */
    void rollBackDeploy(Vm vm, List<Disk> disks) {
        for (Disk disk : disks) {
            if (!disk.adopted()) {
                driver.deleteImage(disk.image());
            }
            store.setDiskStatus(disk.id(), DiskStatus.DEFINED, disk.sizeBytes());
        }
        store.setState(vm.id(), EnumSet.of(VmState.DEPLOYING), VmState.NOTCREATED, false);
    }

    TaskOutcome undeploy(Vm vm, List<Disk> disks) {
        try {
            for (Disk disk : disks) {
                if (!disk.adopted()) {
                    driver.deleteImage(disk.image());
                }
            }
        } catch (StorageException e) {
            store.setState(vm.id(), EnumSet.of(VmState.NOTREADY), VmState.STOPPED, null);
            return TaskOutcome.failed(e.returnCode(), e.getMessage(), "");
        }
        tx.executeWithoutResult(status -> {
            events.publishEvent(new DisksDiscarded(disks.stream().map(Disk::id).toList()));
            for (Disk disk : disks) {
                store.setDiskStatus(disk.id(), DiskStatus.DEFINED, disk.sizeBytes());
            }
            store.setState(vm.id(), EnumSet.of(VmState.NOTREADY, VmState.STOPPED), VmState.NOTCREATED, false);
        });
        return TaskOutcome.ok("Successfully deleted");
    }
}

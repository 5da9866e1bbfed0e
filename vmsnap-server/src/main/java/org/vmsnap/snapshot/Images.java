package org.vmsnap.snapshot;

import org.springframework.stereotype.Component;
import org.vmsnap.inventory.Disk;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.storage.spi.ImageRef;

/**
 * The image of a disk as the driver must see it now: held by its VM's QEMU when the VM runs (decided when the task
 * runs, not when it was asked, since a start or stop may have run in between), offline otherwise.
 */
@Component
class Images {
    private final RuntimeService runtime;

    Images(RuntimeService runtime) {
        this.runtime = runtime;
    }

    ImageRef of(Disk disk) {
        return runtime.live(disk).map(live -> disk.image().running(live)).orElse(disk.image());
    }
}

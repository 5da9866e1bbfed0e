package org.vmsnap.storage.qcow2;

import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.qemu.Executables;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.qemu.RunDirectory;
import org.vmsnap.storage.spi.StorageDriver;

/** Builds the qcow2 driver of a node, the same way in the server's embedded node and in an agent. */
public final class Qcow2Drivers {
    private static final Logger log = LoggerFactory.getLogger(Qcow2Drivers.class);

    private Qcow2Drivers() {}

    /**
     * The qcow2 driver over {@code dataDir}. Snapshots go through {@code qemu-storage-daemon} when it is installed
     * (Debian package {@code qemu-system-common}) unless {@code storageDaemon} is {@code none}; otherwise through
     * {@code qemu-img}. Images of running VMs go through their QEMU over {@code pool}.
     */
    public static StorageDriver create(
            ProcessRunner runner,
            QmpPool pool,
            String qemuImg,
            String storageDaemon,
            Path dataDir,
            Duration freezeTimeout) {
        String img = Executables.resolve(qemuImg);
        String daemon = storageDaemon.equals("none") ? "none" : Executables.resolve(storageDaemon);
        if (!daemon.startsWith("/")) {
            if (!daemon.equals("none")) {
                log.warn("{} not found: snapshots run through qemu-img (install qemu-system-common)", storageDaemon);
            }
            return new QemuImgDriver(runner, img)
                    .withLiveVms(pool, freezeTimeout)
                    .withTransfers(Executables.resolve("qemu-nbd"), RunDirectory.of(dataDir));
        }
        return new QemuImgDriver(runner, img, daemon, RunDirectory.of(dataDir))
                .withLiveVms(pool, freezeTimeout)
                .withTransfers(Executables.resolve("qemu-nbd"), RunDirectory.of(dataDir));
    }
}

package org.vmsnap.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.storage.qcow2.ProcessRunner;
import org.vmsnap.storage.qcow2.QemuImgDriver;
import org.vmsnap.storage.spi.StorageDriver;

/** Wiring of the parts that have more than one possible implementation. */
@Configuration(proxyBeanMethods = false)
class CoreConfig {
    private static final Logger log = LoggerFactory.getLogger(CoreConfig.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ProcessRunner processRunner() {
        return new ProcessRunner();
    }

    /**
     * The qcow2 driver. Snapshots go through {@code qemu-storage-daemon} when it is installed (Debian package
     * {@code qemu-system-common}) unless {@code vmsnap.qemu-storage-daemon=none}; otherwise through {@code qemu-img}.
     */
    /** Connections to QEMU monitors and guest agents, shared by the storage driver and the hypervisor. */
    @Bean
    QmpPool qmpPool() {
        return new QmpPool(Duration.ofSeconds(10));
    }

    @Bean
    StorageDriver storageDriver(
            QmpPool pool,
            @Value("${vmsnap.vm.freeze-timeout:PT10S}") Duration freezeTimeout,
            ProcessRunner runner,
            @Value("${vmsnap.qemu-img:qemu-img}") String qemuImg,
            @Value("${vmsnap.qemu-storage-daemon:qemu-storage-daemon}") String storageDaemon,
            @Value("${vmsnap.data-dir}") Path dataDir) {
        String img = Executables.resolve(qemuImg);
        String daemon = storageDaemon.equals("none") ? "none" : Executables.resolve(storageDaemon);
        if (!daemon.startsWith("/")) {
            if (!daemon.equals("none")) {
                log.warn("{} not found: snapshots run through qemu-img (install qemu-system-common)", storageDaemon);
            }
            return new QemuImgDriver(runner, img).withLiveVms(pool, freezeTimeout);
        }
        return new QemuImgDriver(runner, img, daemon, RunDirectory.of(dataDir)).withLiveVms(pool, freezeTimeout);
    }
}

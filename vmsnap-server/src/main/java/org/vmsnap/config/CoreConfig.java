package org.vmsnap.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.storage.qcow2.ProcessRunner;
import org.vmsnap.storage.qcow2.Qcow2Drivers;
import org.vmsnap.storage.spi.StorageDriver;

/** Wiring of the parts that have more than one possible implementation. */
@Configuration(proxyBeanMethods = false)
class CoreConfig {
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ProcessRunner processRunner() {
        return new ProcessRunner();
    }

    /** Connections to QEMU monitors and guest agents, shared by the storage driver and the hypervisor. */
    @Bean
    QmpPool qmpPool() {
        return new QmpPool(Duration.ofSeconds(10));
    }

    /** The qcow2 driver of the embedded node (see {@link Qcow2Drivers#create}). */
    @Bean
    StorageDriver localStorageDriver(
            QmpPool pool,
            @Value("${vmsnap.vm.freeze-timeout:PT10S}") Duration freezeTimeout,
            ProcessRunner runner,
            @Value("${vmsnap.qemu-img:qemu-img}") String qemuImg,
            @Value("${vmsnap.qemu-storage-daemon:qemu-storage-daemon}") String storageDaemon,
            @Value("${vmsnap.data-dir}") Path dataDir) {
        return Qcow2Drivers.create(runner, pool, qemuImg, storageDaemon, dataDir, freezeTimeout);
    }
}

package org.vmsnap.config;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vmsnap.storage.qcow2.ProcessRunner;
import org.vmsnap.storage.qcow2.QemuImgDriver;
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

    @Bean
    StorageDriver storageDriver(ProcessRunner runner, @Value("${vmsnap.qemu-img:qemu-img}") String qemuImg) {
        return new QemuImgDriver(runner, Executables.resolve(qemuImg));
    }
}

package org.vmsnap.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vmsnap.qemu.Executables;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.qemu.RunDirectory;
import org.vmsnap.runtime.qemu.QemuHypervisor;
import org.vmsnap.runtime.spi.Hypervisor;

/** Wiring of the program that runs VMs. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfig {
    /**
     * {@code qemu-system-x86_64} (Debian package {@code qemu-system-x86}); {@code vmsnap.vm.accel} = {@code auto}
     * (KVM when {@code /dev/kvm} opens), {@code kvm} or {@code tcg}.
     */
    @Bean
    Hypervisor localHypervisor(
            QmpPool pool,
            @Value("${vmsnap.qemu-system:qemu-system-x86_64}") String qemuSystem,
            @Value("${vmsnap.vm.accel:auto}") String accel,
            @Value("${vmsnap.vm.start-timeout:PT60S}") Duration startTimeout,
            @Value("${vmsnap.data-dir}") Path dataDir) {
        return new QemuHypervisor(Executables.resolve(qemuSystem), RunDirectory.of(dataDir), pool, accel, startTimeout);
    }
}

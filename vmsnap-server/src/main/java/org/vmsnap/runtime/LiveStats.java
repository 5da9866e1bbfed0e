package org.vmsnap.runtime;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.RuntimeStats;
import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.inventory.Vm;
import org.vmsnap.inventory.VmState;
import org.vmsnap.runtime.spi.Hypervisor;

/** CPU, memory and block I/O of running VMs, asked of their QEMU; nothing for a VM that does not run. */
@Component
class LiveStats implements RuntimeStats {
    private final RuntimeStore store;
    private final Hypervisor hypervisor;
    private final RuntimeService runtime;

    LiveStats(RuntimeStore store, Hypervisor hypervisor, RuntimeService runtime) {
        this.store = store;
        this.hypervisor = hypervisor;
        this.runtime = runtime;
    }

    @Override
    public Optional<RuntimeUsage> of(Vm vm) {
        if (vm.state() != VmState.RUNNING) {
            return Optional.empty();
        }
        return store.of(vm.id())
                .filter(r -> r.qmpSocket() != null)
                .flatMap(r -> hypervisor.usage(r.process(runtime.nodeOf(vm))));
    }
}

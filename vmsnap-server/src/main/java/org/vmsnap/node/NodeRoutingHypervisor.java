package org.vmsnap.node;

import java.time.Duration;
import java.util.Optional;
import org.vmsnap.inventory.RuntimeUsage;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.VmCall;
import org.vmsnap.runtime.spi.Hypervisor;
import org.vmsnap.runtime.spi.LaunchSpec;
import org.vmsnap.runtime.spi.RunningVm;
import org.vmsnap.shared.StorageException;

/**
 * The hypervisor the core sees: a VM of the server's embedded node runs here, a VM of another node is started,
 * stopped and asked through that node's agent, with the same contract (the agent's failure comes back as the same
 * exception, with QEMU's words). The QEMU an agent launched comes back marked with its node.
 */
public final class NodeRoutingHypervisor implements Hypervisor {
    private final Hypervisor local;
    private final Optional<NodeLink> link;

    public NodeRoutingHypervisor(Hypervisor local, Optional<NodeLink> link) {
        this.local = local;
        this.link = link;
    }

    private StorageReply remote(String node, VmCall call) {
        return NodeRoutingDriver.settle(NodeRoutingDriver.linkFor(link, node).call(node, call));
    }

    @Override
    public RunningVm start(LaunchSpec spec) {
        if (spec.node() == null) {
            return local.start(spec);
        }
        RunningVm started = remote(spec.node(), VmCall.start(spec)).started();
        if (started == null) {
            throw new StorageException("node " + spec.node() + " started the VM but did not say how to reach it", 1);
        }
        return started.on(spec.node());
    }

    @Override
    public boolean isRunning(RunningVm vm) {
        if (vm.node() == null) {
            return local.isRunning(vm);
        }
        return Boolean.TRUE.equals(
                remote(vm.node(), VmCall.on(VmCall.Op.IS_RUNNING, vm)).running());
    }

    @Override
    public void stop(RunningVm vm, Duration grace) {
        if (vm.node() == null) {
            local.stop(vm, grace);
        } else {
            remote(vm.node(), VmCall.stop(vm, grace));
        }
    }

    @Override
    public Optional<RuntimeUsage> usage(RunningVm vm) {
        if (vm.node() == null) {
            return local.usage(vm);
        }
        try {
            return Optional.ofNullable(
                    remote(vm.node(), VmCall.on(VmCall.Op.USAGE, vm)).usage());
        } catch (StorageException e) {
            return Optional.empty(); // as a local VM whose monitor cannot be asked
        }
    }
}

package org.vmsnap.agent;

import java.time.Duration;
import java.util.Optional;
import org.vmsnap.node.wire.StorageReply;
import org.vmsnap.node.wire.VmCall;
import org.vmsnap.runtime.qemu.QemuHypervisor;
import org.vmsnap.runtime.spi.RunningVm;
import org.vmsnap.shared.StorageException;

/**
 * Carries out one hypervisor call on this node: launches, stops and asks the QEMU processes of the VMs placed
 * here. A call naming a disk, boot file or socket outside this node's directories ({@link NodeFiles}) is refused
 * before anything runs, and a stop only ever signals a process that is a QEMU. A start delivered again (the agent
 * died before its reply was confirmed) finds the QEMU the first delivery launched instead of starting a second.
 */
final class VmHandler {
    private final QemuHypervisor hypervisor;
    private final NodeFiles files;

    VmHandler(QemuHypervisor hypervisor, NodeFiles files) {
        this.hypervisor = hypervisor;
        this.files = files;
    }

    /** Carries out the call; {@code redelivered}: the broker may have handed it to this node before. */
    StorageReply handle(VmCall call, boolean redelivered) {
        if (call.launch() != null
                && (!call.launch().disks().stream().allMatch(files::image)
                        || (call.launch().kernel() != null
                                && !files.bootFile(call.launch().kernel()))
                        || (call.launch().initrd() != null
                                && !files.bootFile(call.launch().initrd())))) {
            return StorageReply.refusal("disk or boot file outside this node's data directory");
        }
        RunningVm vm = call.vm() == null ? null : call.vm().on(null);
        if (vm != null
                && (!files.socket(vm.qmpSocket()) || (vm.agentSocket() != null && !files.socket(vm.agentSocket())))) {
            return StorageReply.refusal("socket outside this node's data directory");
        }
        try {
            return switch (call.op()) {
                case START -> {
                    Optional<RunningVm> earlier =
                            redelivered ? hypervisor.launched(call.launch().vmUuid()) : Optional.empty();
                    yield StorageReply.started(earlier.orElseGet(() -> hypervisor.start(call.launch())));
                }
                case IS_RUNNING -> StorageReply.running(hypervisor.isRunning(vm));
                case STOP -> {
                    hypervisor.stop(vm, Duration.ofMillis(call.graceMillis()));
                    yield StorageReply.done();
                }
                case USAGE -> StorageReply.usage(hypervisor.usage(vm).orElse(null));
            };
        } catch (StorageException e) {
            return StorageReply.failed(e.getMessage(), e.returnCode(), false);
        }
    }
}

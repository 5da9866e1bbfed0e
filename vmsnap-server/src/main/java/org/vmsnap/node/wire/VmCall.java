package org.vmsnap.node.wire;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.vmsnap.runtime.spi.LaunchSpec;
import org.vmsnap.runtime.spi.RunningVm;

/**
 * One call of the hypervisor contract, sent to the agent of the node that runs the VM. The paths it names are that
 * node's. Every call may be delivered twice: a start delivered again finds the QEMU the first delivery launched, a
 * stop of a QEMU that is gone is done, and the others only read.
 *
 * @param op which hypervisor method
 * @param launch what to run, for {@link Op#START}; else null
 * @param vm the running QEMU, for the other ops; else null
 * @param graceMillis for {@link Op#STOP}: how long the guest has to power off before a hard stop
 */
public record VmCall(Op op, LaunchSpec launch, RunningVm vm, long graceMillis) {

    /** The hypervisor methods an agent runs. */
    public enum Op {
        START,
        IS_RUNNING,
        STOP,
        USAGE
    }

    public VmCall {
        Objects.requireNonNull(op, "op");
        if (op == Op.START ? launch == null : vm == null) {
            throw new IllegalArgumentException(op + " needs " + (op == Op.START ? "a launch" : "a VM"));
        }
        if (graceMillis < 0) {
            throw new IllegalArgumentException("a negative grace");
        }
    }

    public static VmCall start(LaunchSpec launch) {
        return new VmCall(Op.START, launch, null, 0);
    }

    public static VmCall on(Op op, RunningVm vm) {
        return new VmCall(op, null, vm, 0);
    }

    public static VmCall stop(RunningVm vm, Duration grace) {
        return new VmCall(Op.STOP, null, vm, grace.toMillis());
    }

    /** The files the call names: the disks and boot files to launch with, or the running QEMU's sockets. */
    public List<java.nio.file.Path> paths() {
        List<java.nio.file.Path> all = new java.util.ArrayList<>();
        if (launch != null) {
            all.addAll(launch.disks());
            if (launch.kernel() != null) {
                all.add(launch.kernel());
            }
            if (launch.initrd() != null) {
                all.add(launch.initrd());
            }
        }
        if (vm != null) {
            all.add(vm.qmpSocket());
            if (vm.agentSocket() != null) {
                all.add(vm.agentSocket());
            }
        }
        return all;
    }
}

package org.vmsnap.runtime.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A QEMU that runs a VM.
 *
 * @param pid its process id when vmsnap launched it; null for an attached VM
 * @param qmpSocket its QMP monitor socket
 * @param agentSocket the host side of its guest agent channel, or null
 * @param node the node it runs on (its hostname; the pid and sockets are that host's), or null for the server's own
 *     embedded node
 */
public record RunningVm(Long pid, Path qmpSocket, Path agentSocket, String node) {
    public RunningVm {
        Objects.requireNonNull(qmpSocket, "qmpSocket");
    }

    /** A QEMU on the embedded node. */
    public RunningVm(Long pid, Path qmpSocket, Path agentSocket) {
        this(pid, qmpSocket, agentSocket, null);
    }

    /** The same QEMU, as running on {@code node} (null: the embedded node). */
    public RunningVm on(String node) {
        return new RunningVm(pid, qmpSocket, agentSocket, node);
    }
}

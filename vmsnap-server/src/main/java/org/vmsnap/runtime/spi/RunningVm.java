package org.vmsnap.runtime.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A QEMU that runs a VM.
 *
 * @param pid its process id when vmsnap launched it; null for an attached VM
 * @param qmpSocket its QMP monitor socket
 * @param agentSocket the host side of its guest agent channel, or null
 */
public record RunningVm(Long pid, Path qmpSocket, Path agentSocket) {
    public RunningVm {
        Objects.requireNonNull(qmpSocket, "qmpSocket");
    }
}

package org.vmsnap.storage.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach the QEMU that has an image open because its VM runs: snapshots then go through that QEMU's QMP
 * monitor, never through a second program opening the file.
 *
 * @param qmpSocket the VM's QMP monitor socket
 * @param agentSocket the host side of the VM's guest agent channel, or null when the VM has none
 */
public record LiveImage(Path qmpSocket, Path agentSocket) {
    public LiveImage {
        Objects.requireNonNull(qmpSocket, "qmpSocket");
    }
}

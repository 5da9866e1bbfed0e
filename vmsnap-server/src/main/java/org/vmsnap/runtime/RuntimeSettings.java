package org.vmsnap.runtime;

import java.util.Optional;

/**
 * What an admin sets about how a VM runs. Paths of a kernel and initrd are relative to the data directory; socket
 * paths of an attached VM are absolute. Empty = unchanged.
 */
public record RuntimeSettings(
        Optional<Integer> ramMb,
        Optional<Integer> vcpus,
        Optional<String> kernel,
        Optional<String> initrd,
        Optional<String> cmdline,
        Optional<String> qmpSocket,
        Optional<String> agentSocket) {}

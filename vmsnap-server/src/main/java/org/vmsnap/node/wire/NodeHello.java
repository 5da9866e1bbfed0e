package org.vmsnap.node.wire;

import java.util.Objects;

/**
 * What an agent tells the control plane about its node when it connects and at every heartbeat (the figures of
 * Danube's sysinfo).
 *
 * @param hostname the node's name, as the agent was started with ({@code --node})
 * @param address the address other nodes and users reach it at
 * @param cpus logical CPUs
 * @param ramMb memory in MiB
 * @param cpusFree CPUs not busy (total less the load average, at least 0)
 * @param ramFreeMb available memory in MiB
 * @param imagesDir the directory the agent keeps its images in (absolute, on the node)
 * @param version the agent's version
 */
public record NodeHello(
        String hostname,
        String address,
        int cpus,
        long ramMb,
        int cpusFree,
        long ramFreeMb,
        String imagesDir,
        String version) {
    public NodeHello {
        Objects.requireNonNull(hostname, "hostname");
        if (!Wire.NODE_NAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("not a node name: " + hostname);
        }
        Objects.requireNonNull(imagesDir, "imagesDir");
        if (!imagesDir.startsWith("/")) {
            throw new IllegalArgumentException("imagesDir must be absolute");
        }
        address = address == null ? "" : address;
        version = version == null ? "" : version;
        if (cpus < 0 || ramMb < 0 || cpusFree < 0 || ramFreeMb < 0) {
            throw new IllegalArgumentException("resources must not be negative");
        }
    }
}

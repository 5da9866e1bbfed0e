package org.vmsnap.inventory;

import java.util.Objects;

/** What a node's agent reports about it (see {@link NodeDirectory#reported}). */
public record NodeReport(
        String hostname, String address, int cpus, long ramMb, int cpusFree, long ramFreeMb, String imagesDir) {
    public NodeReport {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(imagesDir, "imagesDir");
    }
}

package org.vmsnap.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A hypervisor host: the server's embedded node, or a node whose agent reports over the broker.
 *
 * @param status the operator's status, or {@link NodeStatus#UNREACHABLE} once {@link #seenAt} found no recent
 *     heartbeat
 * @param remote whether an agent serves it (the embedded node has no heartbeat and is never unreachable)
 * @param imagesDir where its agent keeps images (absolute, on the node); null for the embedded node
 * @param lastSeen its agent's last hello, or null
 */
public record Node(
        long id,
        String uuid,
        String hostname,
        NodeStatus status,
        boolean remote,
        String address,
        int cpus,
        long ramMb,
        int cpusFree,
        long ramFreeMb,
        String imagesDir,
        Instant lastSeen) {
    public Node {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(status, "status");
        address = address == null ? "" : address;
    }

    /** Whether it takes new work: online and heard from. */
    public boolean online() {
        return status == NodeStatus.ONLINE;
    }

    /** This node as seen at {@code now}: a remote node not heard from within {@code window} is unreachable. */
    public Node seenAt(Instant now, Duration window) {
        boolean silent = remote && (lastSeen == null || lastSeen.plus(window).isBefore(now));
        if (status != NodeStatus.ONLINE || !silent) {
            return this;
        }
        return new Node(
                id,
                uuid,
                hostname,
                NodeStatus.UNREACHABLE,
                remote,
                address,
                cpus,
                ramMb,
                cpusFree,
                ramFreeMb,
                imagesDir,
                lastSeen);
    }
}

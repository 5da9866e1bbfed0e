package org.vmsnap.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * A virtual machine.
 *
 * @param address the address it is reached at (a vmsnap extension of the define), or null: its node's
 */
public record Vm(
        long id,
        String uuid,
        String hostname,
        String alias,
        long ownerId,
        long dcId,
        long nodeId,
        String brand,
        VmState state,
        boolean installed,
        Instant createdAt,
        String address) {
    public Vm {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(state, "state");
    }

    /** The VMware-style managed object reference some front doors address VMs by. */
    public String moref() {
        return "vm-" + id;
    }
}

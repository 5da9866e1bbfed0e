package org.vmsnap.inventory;

/** Life cycle of a VM as the hypervisor sees it. */
public enum VmState {
    /** Defined but not deployed: no images yet. */
    NOTCREATED,
    /** Images are being created. */
    DEPLOYING,
    STOPPED,
    RUNNING,
    STOPPING,
    /** A task (rollback, restore, undeploy) holds the VM. */
    NOTREADY;

    /** Running, stopped or stopping: snapshot operations may start. */
    public boolean operational() {
        return this == STOPPED || this == RUNNING || this == STOPPING;
    }
}

package org.vmsnap.request;

import org.vmsnap.inventory.Vm;

/** A VM as snapshot-request clients see it: the VM and whether it has any snapshot. */
public record VmSummary(Vm vm, boolean hasSnapshots) {}

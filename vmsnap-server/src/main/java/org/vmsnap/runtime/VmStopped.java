package org.vmsnap.runtime;

/** Published, inside the task that saw it, when a VM's QEMU is gone: its images are offline again. */
public record VmStopped(long vmId) {}

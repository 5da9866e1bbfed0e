/**
 * VM power: starting and stopping VMs that vmsnap launches, reading the state of VMs something else runs (attached
 * through their QMP socket), and telling the rest of the core how to reach the QEMU of a running VM. The
 * hypervisor itself is behind {@link org.vmsnap.runtime.spi.Hypervisor}.
 */
package org.vmsnap.runtime;

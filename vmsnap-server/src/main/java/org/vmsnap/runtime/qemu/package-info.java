/** VMs run by {@code qemu-system-x86_64}, driven through QMP. Driver-level: the core never imports it. */
package org.vmsnap.runtime.qemu;

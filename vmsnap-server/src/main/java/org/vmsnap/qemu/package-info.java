/**
 * Talking to QEMU processes: the QMP monitor protocol (JSON over a Unix socket) used for the storage daemon that
 * serves offline images and for the QEMU of a running VM. Driver-level code: the core never imports it.
 */
package org.vmsnap.qemu;

/** The qcow2 driver: qemu-img for offline images and a pure-Java qcow2 metadata reader for sizes. */
package org.vmsnap.storage.qcow2;

/**
 * Nodes, VMs and disks: definitions, deployment of their images, and lookups with visibility. Owns the
 * {@code node}, {@code vm} and {@code disk} tables; never touches snapshots (it announces removed disks with
 * {@link org.vmsnap.inventory.DisksDiscarded}).
 */
package org.vmsnap.inventory;

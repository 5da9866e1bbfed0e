/**
 * The snapshot life cycle over the storage SPI. Owns the {@code snapshot} table; reads VMs and disks through
 * {@link org.vmsnap.inventory.InventoryService} and runs its work as tasks.
 */
package org.vmsnap.snapshot;

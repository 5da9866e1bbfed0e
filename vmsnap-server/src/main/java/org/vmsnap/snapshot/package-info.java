/**
 * The snapshot life cycle over the storage SPI. Owns the {@code snapshot}, {@code vm_rotation} and
 * {@code vm_rotation_exclude} tables; reads VMs and disks through {@link org.vmsnap.inventory.InventoryService}
 * and runs its work as tasks.
 */
package org.vmsnap.snapshot;

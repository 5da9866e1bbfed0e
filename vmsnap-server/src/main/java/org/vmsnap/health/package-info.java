/**
 * What {@code /actuator/health} reports beyond the database: the data directory, the QEMU tools and the broker, each
 * part of the readiness group; and who may see the details (admins, by their usual API token).
 */
package org.vmsnap.health;

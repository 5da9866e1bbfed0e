/**
 * Per-DC settings that bound what users may do (Danube's {@code VMS_VM_SNAPSHOT_*}): read by the core's checks,
 * changed by superadmins only. Owns the {@code dc_settings} table; knows DCs only by id.
 */
package org.vmsnap.settings;

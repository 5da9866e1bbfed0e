/**
 * Snapshot policy: definitions (schedule + retention per VM disk) and, in {@code cron}, the schedule language.
 * Owns the {@code snapshot_define} table; creates snapshots only through {@link org.vmsnap.snapshot.SnapshotService}.
 */
package org.vmsnap.policy;

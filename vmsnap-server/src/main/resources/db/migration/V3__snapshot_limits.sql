-- Snapshot limits (Danube §7.2). Portable SQL: runs unchanged on H2 2.x and PostgreSQL.

-- Per-VM quotas; NULL = no limit. Sizes in MB (2^20 bytes), percent of the VM's total disk size.
ALTER TABLE vm ADD COLUMN snapshot_limit_manual BIGINT;
ALTER TABLE vm ADD COLUMN snapshot_limit_auto BIGINT;
ALTER TABLE vm ADD COLUMN snapshot_size_limit_mb BIGINT;
ALTER TABLE vm ADD COLUMN snapshot_size_percent_limit BIGINT;

-- Per-DC settings (Danube VMS_VM_SNAPSHOT_*); no row or NULL = not set (unlimited).
CREATE TABLE dc_settings (
    dc_id                     BIGINT NOT NULL PRIMARY KEY REFERENCES dc (id) ON DELETE CASCADE,
    snapshot_define_limit     BIGINT,
    snapshot_limit_auto       BIGINT,
    snapshot_dc_size_limit_mb BIGINT
);

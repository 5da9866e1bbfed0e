-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL.
-- Drives (standalone disks) and their snapshots carry a meta map; browser-style sessions for front doors that
-- log in with a password and a cookie (CloudSigma).

CREATE TABLE disk_meta (
    disk_id     BIGINT        NOT NULL REFERENCES disk (id) ON DELETE CASCADE,
    meta_key    VARCHAR(32)   NOT NULL,
    meta_value  VARCHAR(1024) NOT NULL,
    PRIMARY KEY (disk_id, meta_key)
);

CREATE TABLE snapshot_meta (
    snapshot_id BIGINT        NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    meta_key    VARCHAR(32)   NOT NULL,
    meta_value  VARCHAR(1024) NOT NULL,
    PRIMARY KEY (snapshot_id, meta_key)
);

CREATE INDEX disk_owner ON disk (owner_id);

CREATE TABLE web_session (
    session_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    csrf_hash    VARCHAR(64) NOT NULL,
    user_id      BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

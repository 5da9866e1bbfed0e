-- Nodes as their agents report them (Danube's sysinfo figures), and where each disk's image lives.
-- node.status is the operator's choice (online / maintenance); unreachable is derived from last_seen_at.
ALTER TABLE node ADD COLUMN uuid VARCHAR(36);
ALTER TABLE node ADD COLUMN remote BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE node ADD COLUMN address VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE node ADD COLUMN cpus INT DEFAULT 0 NOT NULL;
ALTER TABLE node ADD COLUMN ram_mb BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE node ADD COLUMN cpus_free INT DEFAULT 0 NOT NULL;
ALTER TABLE node ADD COLUMN ram_free_mb BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE node ADD COLUMN images_dir VARCHAR(4096);
ALTER TABLE node ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;
-- the node that holds the disk's image, by hostname; NULL: the embedded node of the server
ALTER TABLE disk ADD COLUMN node VARCHAR(255);

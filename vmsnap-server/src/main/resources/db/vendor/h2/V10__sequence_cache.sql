-- H2 only (PostgreSQL's V10 is empty): identity values handed out 1,000 at a time instead of 32.
-- Each time H2 has handed out a sequence's cached values it commits the sequence's new base at once,
-- and with WRITE_DELAY=0 that commit writes every changed page of the database, those of open transactions too:
-- a batch of 10,000 inserts wrote the store about 300 times per sequence. H2's cache is shared by all sessions,
-- so ids still grow in the order rows are inserted (a restart may skip up to 1,000 of them).
ALTER TABLE snapshot ALTER COLUMN id SET CACHE 1000;
ALTER TABLE task ALTER COLUMN seq SET CACHE 1000;
ALTER TABLE task_log ALTER COLUMN id SET CACHE 1000;
ALTER TABLE snapshot_define ALTER COLUMN id SET CACHE 1000;

-- Server replicas sharing one database. Each process registers under a fresh random id; on PostgreSQL it holds a
-- session-level advisory lock on that id for as long as it lives, so a replica whose lock can be taken is dead
-- (its connection closed with it) and the tasks it owned are taken over by a live one.
CREATE TABLE replica (
    id          BIGINT       NOT NULL PRIMARY KEY,
    host        VARCHAR(255) NOT NULL,
    pid         BIGINT       NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The replica that runs (or settles) a task; NULL for tasks written before replicas existed.
ALTER TABLE task ADD COLUMN replica_id BIGINT;

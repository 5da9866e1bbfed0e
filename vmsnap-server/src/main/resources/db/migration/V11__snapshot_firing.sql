-- The queue between a tick and the tasks it starts: one row per definition whose firing a tick claimed and whose
-- snapshot task is not made yet. A narrow row with only its key, so a burst of firings is queued at once; the
-- tasks are then made from the queue, each row deleted in the transaction that makes its task, so every queued
-- firing becomes exactly one task, also when the process that queued it died in between.
CREATE TABLE snapshot_firing (
    define_id  BIGINT NOT NULL PRIMARY KEY,
    due_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    fired_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

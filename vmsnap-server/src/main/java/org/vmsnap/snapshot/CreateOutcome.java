package org.vmsnap.snapshot;

import java.util.Objects;
import org.vmsnap.shared.VmsnapException;
import org.vmsnap.task.Task;

/** How one create of a batch ({@link SnapshotService#createAll}) went. */
public sealed interface CreateOutcome permits CreateOutcome.Started, CreateOutcome.Refused {
    /** Its intent is recorded and its task queued (after the commit). */
    record Started(Task task) implements CreateOutcome {
        public Started {
            Objects.requireNonNull(task, "task");
        }
    }

    /** Refused before anything changed, with what {@link SnapshotService#create} would have thrown. */
    record Refused(VmsnapException reason) implements CreateOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

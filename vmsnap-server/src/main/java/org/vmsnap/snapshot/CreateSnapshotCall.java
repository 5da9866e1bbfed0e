package org.vmsnap.snapshot;

import java.util.Objects;
import org.vmsnap.access.Caller;

/** One create of a batch ({@link SnapshotService#createAll}): who asks, and what. */
public record CreateSnapshotCall(Caller caller, CreateSnapshotCommand command) {
    public CreateSnapshotCall {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(command, "command");
    }
}

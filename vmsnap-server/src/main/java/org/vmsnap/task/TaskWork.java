package org.vmsnap.task;

/** The body of a task. Runs on a task thread, alone on its disks. */
@FunctionalInterface
public interface TaskWork {
    /** Does the work and says how it went; failures are outcomes, not exceptions. */
    TaskOutcome run();
}

package org.vmsnap.task;

/**
 * The body of a task that leaves its row updates to the transaction recording the task's end (see {@link TaskEnd}).
 * Runs on a task thread, alone on its disks.
 */
@FunctionalInterface
public interface SettlingWork {
    /** Does the work on the images and says how it went and what to write; failures are outcomes. */
    TaskEnd run();
}

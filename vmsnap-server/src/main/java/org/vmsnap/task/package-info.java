/**
 * Asynchronous tasks: ids, per-disk ordering, the task log, and marking tasks interrupted by a crash. Owns the
 * {@code task} and {@code task_log} tables; runs the work it is given without knowing what it does.
 */
package org.vmsnap.task;

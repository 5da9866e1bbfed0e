/**
 * Asynchronous tasks: ids, per-disk ordering (across replicas sharing the database too), the task log, and settling
 * tasks interrupted by a crash or left by a dead replica. Owns the {@code task}, {@code task_log} and {@code replica}
 * tables; runs the work it is given without knowing what it does.
 */
package org.vmsnap.task;

/**
 * Five-field cron in UTC with Vixie-cron meaning, the Danube cron validator and Danube's schedule presets.
 *
 * <p>Owns: parsing and validating schedule text ({@link org.vmsnap.policy.cron.CronValidation}, {@link
 * org.vmsnap.policy.cron.CronSchedule}), computing fire times, and the {@code hourly}/{@code daily}/{@code
 * weekly}/{@code monthly} defaults ({@link org.vmsnap.policy.cron.SchedulePresets}). Pure functions and immutable
 * values: no Spring, no SQL, no clock reads (callers pass the instant), no randomness of its own (callers pass the
 * generator). Must not touch: definitions, persistence, the scheduler loop or any front door; those depend on this
 * package, never the other way round.
 */
package org.vmsnap.policy.cron;

package org.vmsnap.it;

/** {@link SchedulerContract} on Postgres. */
@OnPostgres
class SchedulerPostgresTest extends SchedulerContract {}

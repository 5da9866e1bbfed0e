package org.vmsnap.it;

/** {@link LimitsContract} on Postgres. */
@OnPostgres
class LimitsPostgresTest extends LimitsContract {}

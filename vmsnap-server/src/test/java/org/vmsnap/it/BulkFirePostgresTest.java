package org.vmsnap.it;

/** {@link BulkFireContract} on Postgres. */
@OnPostgres
class BulkFirePostgresTest extends BulkFireContract {}

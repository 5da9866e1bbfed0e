package org.vmsnap.it;

/** {@link DiskOrderingContract} on PostgreSQL. */
@OnPostgres
class DiskOrderingPostgresTest extends DiskOrderingContract {}

package org.vmsnap.it;

/** {@link DanubeWireContract} on PostgreSQL. */
@OnPostgres
class DanubeWirePostgresTest extends DanubeWireContract {}

package org.vmsnap.it;

/** The HOSTKEY front door on PostgreSQL. */
@OnPostgres
class HostkeyWirePostgresTest extends HostkeyWireContract {}

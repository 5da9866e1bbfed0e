package org.vmsnap.it;

/** {@link VmSerialisationContract} on PostgreSQL. */
@OnPostgres
class VmSerialisationPostgresTest extends VmSerialisationContract {}

package org.vmsnap.it;

/** {@link CrashRecoveryContract} on PostgreSQL. */
@OnPostgres
class CrashRecoveryPostgresTest extends CrashRecoveryContract {}

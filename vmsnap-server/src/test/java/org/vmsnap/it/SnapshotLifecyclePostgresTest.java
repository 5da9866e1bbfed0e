package org.vmsnap.it;

/** The snapshot life cycle on PostgreSQL. */
@OnPostgres
class SnapshotLifecyclePostgresTest extends SnapshotLifecycleContract {}

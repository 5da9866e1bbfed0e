package org.vmsnap.it;

/** The snapshot life cycle on the H2 file database. */
@OnH2
class SnapshotLifecycleH2Test extends SnapshotLifecycleContract {}

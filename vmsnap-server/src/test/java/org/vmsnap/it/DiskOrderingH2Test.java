package org.vmsnap.it;

/** {@link DiskOrderingContract} on the H2 file database. */
@OnH2
class DiskOrderingH2Test extends DiskOrderingContract {}

package org.vmsnap.it;

/** The HOSTKEY front door on the H2 file database. */
@OnH2
class HostkeyWireH2Test extends HostkeyWireContract {}

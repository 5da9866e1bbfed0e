package org.vmsnap.it;

/** {@link DanubeWireContract} on the H2 file database. */
@OnH2
class DanubeWireH2Test extends DanubeWireContract {}

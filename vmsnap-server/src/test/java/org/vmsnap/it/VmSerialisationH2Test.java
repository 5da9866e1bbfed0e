package org.vmsnap.it;

/** {@link VmSerialisationContract} on H2. */
@OnH2
class VmSerialisationH2Test extends VmSerialisationContract {}

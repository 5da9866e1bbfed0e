package org.vmsnap.it;

/** {@link CrashRecoveryContract} on the H2 file database. */
@OnH2
class CrashRecoveryH2Test extends CrashRecoveryContract {}

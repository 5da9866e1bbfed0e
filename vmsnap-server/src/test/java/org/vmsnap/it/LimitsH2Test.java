package org.vmsnap.it;

/** {@link LimitsContract} on H2. */
@OnH2
class LimitsH2Test extends LimitsContract {}

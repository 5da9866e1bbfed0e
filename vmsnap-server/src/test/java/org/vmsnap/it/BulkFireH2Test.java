package org.vmsnap.it;

/** {@link BulkFireContract} on H2. */
@OnH2
class BulkFireH2Test extends BulkFireContract {}

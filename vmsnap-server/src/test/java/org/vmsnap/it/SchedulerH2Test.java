package org.vmsnap.it;

/** {@link SchedulerContract} on H2. */
@OnH2
class SchedulerH2Test extends SchedulerContract {}

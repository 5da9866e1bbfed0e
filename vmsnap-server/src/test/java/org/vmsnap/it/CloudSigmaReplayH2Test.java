package org.vmsnap.it;

/** pycloudsigma's snapshot acceptance tests on the H2 file database. */
@OnH2
class CloudSigmaReplayH2Test extends CloudSigmaReplayContract {}

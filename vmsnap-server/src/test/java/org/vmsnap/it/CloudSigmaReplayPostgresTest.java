package org.vmsnap.it;

/** pycloudsigma's snapshot acceptance tests on PostgreSQL. */
@OnPostgres
class CloudSigmaReplayPostgresTest extends CloudSigmaReplayContract {}

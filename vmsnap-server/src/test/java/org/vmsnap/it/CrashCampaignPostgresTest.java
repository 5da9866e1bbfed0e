package org.vmsnap.it;

import java.util.List;

/** The crash campaign on a PostgreSQL database of its own (the embedded server the tests share). */
class CrashCampaignPostgresTest extends CrashCampaignContract {
    @Override
    List<String> database() {
        return List.of(
                "--db-url",
                SharedPostgres.freshDatabase(),
                "--db-user",
                SharedPostgres.USER,
                "--db-password",
                SharedPostgres.PASSWORD);
    }
}

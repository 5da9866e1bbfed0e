package org.vmsnap.it;

import java.util.List;

/** The crash campaign on the H2 file database in the data directory. */
class CrashCampaignH2Test extends CrashCampaignContract {
    @Override
    List<String> database() {
        return List.of();
    }
}

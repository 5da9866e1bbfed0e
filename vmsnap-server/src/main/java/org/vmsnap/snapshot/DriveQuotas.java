package org.vmsnap.snapshot;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vmsnap.inventory.Disk;
import org.vmsnap.shared.QuotaExceededException;
import org.vmsnap.shared.QuotaExceededException.Scope;

/**
 * The snapshot count quotas of drives and accounts (CloudSigma: 90 per drive, 700 per account), checked before
 * anything is written. Counts include snapshots still being taken or deleted.
 */
@Component
class DriveQuotas {
    private final DriveSnapshotStore drives;
    private final SnapshotStore store;
    private final long perDrive;
    private final long perAccount;

    DriveQuotas(
            DriveSnapshotStore drives,
            SnapshotStore store,
            @Value("${vmsnap.snapshots.max-per-drive:90}") long perDrive,
            @Value("${vmsnap.snapshots.max-per-account:700}") long perAccount) {
        this.drives = drives;
        this.store = store;
        this.perDrive = perDrive;
        this.perAccount = perAccount;
    }

    /** Whether {@code added} more snapshots fit, per disk and per owner. */
    void check(Map<Disk, Integer> added) {
        Map<Long, Integer> perOwner = new java.util.HashMap<>();
        for (var e : added.entrySet()) {
            if (store.countOnDisk(e.getKey().id()) + e.getValue() > perDrive) {
                throw new QuotaExceededException(Scope.DRIVE, perDrive);
            }
            perOwner.merge(e.getKey().ownerId(), e.getValue(), Integer::sum);
        }
        for (var e : perOwner.entrySet()) {
            if (drives.countOfOwner(e.getKey()) + e.getValue() > perAccount) {
                throw new QuotaExceededException(Scope.ACCOUNT, perAccount);
            }
        }
    }

    AccountSnapshotQuota of(long ownerId) {
        return new AccountSnapshotQuota(drives.countOfOwner(ownerId), perAccount, perDrive);
    }
}

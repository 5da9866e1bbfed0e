package org.vmsnap.request;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.VmsnapException;

/** The one-line texts a request records in its warnings and errors. */
final class Messages {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Messages() {}

    static String at(Instant instant) {
        return STAMP.format(instant);
    }

    static String of(VmsnapException e) {
        if (e instanceof RuleViolationException r
                && r.getMessage().equals(r.rule().name())) {
            return r.rule().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        if (e instanceof NotFoundException n) {
            return n.getMessage().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        return e.getMessage();
    }

    static String created(SnapshotRequest r, int disks) {
        return "Snapshot created %s (%d disk%s): %s from %s valid for %d, Snapshot DELETE has been SCHEDULED for %s"
                .formatted(
                        r.snapshotName(),
                        disks,
                        disks == 1 ? "" : "s",
                        r.description(),
                        at(r.fromDate()),
                        r.validForHours(),
                        at(r.toDate()));
    }
}

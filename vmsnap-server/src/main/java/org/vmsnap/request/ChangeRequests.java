package org.vmsnap.request;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Vm;

/**
 * Change requests: submitted for now (done before the call returns) or for a schedule (SCHEDULED until a
 * {@link #tick} at or after it). Disk consolidation is the one change: qcow2 internal snapshots live inside each
 * image and never form a delta chain, so there is nothing to merge and the request ends PROCESSED saying so.
 */
@Component
class ChangeRequests {
    static final String CONSOLIDATE = "consolidate";

    private final ChangeRequestStore store;
    private final RequestWork work;
    private final Clock clock;

    ChangeRequests(ChangeRequestStore store, RequestWork work, Clock clock) {
        this.store = store;
        this.work = work;
        this.clock = clock;
    }

    ChangeRequest consolidate(Caller caller, Vm vm, Optional<Instant> schedule) {
        Instant now = clock.instant();
        Instant at = schedule.filter(s -> s.isAfter(now)).orElse(now);
        boolean later = at.isAfter(now);
        long id = store.insert(new ChangeRequest(
                0,
                CONSOLIDATE,
                later ? RequestStatus.SCHEDULED : RequestStatus.SUBMITTED,
                caller.userId(),
                vm.id(),
                vm.hostname(),
                vm.dcId(),
                schedule.isPresent(),
                at,
                List.of(),
                List.of(),
                now,
                now));
        ChangeRequest submitted = store.get(id).orElseThrow();
        if (!later) {
            process(submitted, now);
        }
        return store.get(id).orElseThrow();
    }

    Optional<ChangeRequest> get(Caller caller, long id) {
        return store.get(id).filter(r -> caller.canSee(r.userId(), r.dcId()));
    }

    List<ChangeRequest> list(Caller caller) {
        return store.inDc(caller.dcId()).stream()
                .filter(r -> caller.canSee(r.userId(), r.dcId()))
                .toList();
    }

    /** Does the changes due at {@code now}; returns how many ended. */
    int tick(Instant now) {
        int steps = 0;
        for (ChangeRequest r : store.withStatus(EnumSet.of(RequestStatus.SUBMITTED, RequestStatus.SCHEDULED))) {
            if (!r.scheduledAt().isAfter(now) && process(r, now)) {
                steps++;
            }
        }
        return steps;
    }

    private boolean process(ChangeRequest r, Instant now) {
        if (work.vm(r.vmId()).isEmpty()) {
            return store.settle(r, RequestStatus.ERROR, r.warnings(), plus(r.errors(), "VM not found"), now);
        }
        String done = "Disk consolidation of " + r.vmName() + " at " + Messages.at(now)
                + ": nothing to consolidate (qcow2 internal snapshots live inside each disk image; there is no"
                + " delta chain to merge)";
        return store.settle(r, RequestStatus.PROCESSED, plus(r.warnings(), done), r.errors(), now);
    }

    private static List<String> plus(List<String> list, String value) {
        List<String> out = new ArrayList<>(list);
        out.add(value);
        return out;
    }
}

package org.vmsnap.request;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.vmsnap.shared.InvalidInputException;

/**
 * Ask for a snapshot of every disk of a VM at {@code fromDate} (now when empty or past), kept {@code validForHours}.
 * The front door has parsed the wire values; the ranges are checked here.
 */
public record CreateRequestCommand(
        String vmRef,
        String description,
        Optional<Instant> fromDate,
        int validForHours,
        boolean consolidate,
        boolean withMemory) {
    public CreateRequestCommand {
        Objects.requireNonNull(vmRef, "vmRef");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(fromDate, "fromDate");
        requireHours("valid_for", validForHours);
        if (description.length() > 1024) {
            throw InvalidInputException.of("description", "description must be at most 1024 characters");
        }
    }

    static void requireHours(String field, int hours) {
        if (hours < 1) {
            throw InvalidInputException.of(field, field + " must be >= 1");
        }
        if (hours > SnapshotRequest.MAX_HOURS) {
            throw InvalidInputException.of(field, field + " must be <= " + SnapshotRequest.MAX_HOURS);
        }
    }
}

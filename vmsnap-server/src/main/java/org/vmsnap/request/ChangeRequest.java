package org.vmsnap.request;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change request (VSS): a change to a VM done at {@code scheduledAt}. The one change there is, disk
 * consolidation, has nothing to do on qcow2 (internal snapshots form no delta chain), so it ends PROCESSED saying
 * so.
 *
 * @param attribute what is changed ({@code consolidate})
 * @param vmId null once the VM is gone
 * @param vmName the VM's hostname when the request was made
 * @param scheduled whether the caller gave a schedule (otherwise it ran at once)
 */
public record ChangeRequest(
        long id,
        String attribute,
        RequestStatus status,
        long userId,
        Long vmId,
        String vmName,
        long dcId,
        boolean scheduled,
        Instant scheduledAt,
        List<String> warnings,
        List<String> errors,
        Instant createdAt,
        Instant updatedAt) {
    public ChangeRequest {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(vmName, "vmName");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }
}

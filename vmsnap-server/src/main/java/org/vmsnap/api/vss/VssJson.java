package org.vmsnap.api.vss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.User;
import org.vmsnap.request.ChangeRequest;
import org.vmsnap.request.RequestStatus;
import org.vmsnap.request.SnapshotRequest;
import org.vmsnap.request.VmSnapshot;
import org.vmsnap.request.VmSummary;

/** Renders core objects as VSS JSON (snake_case, times in the configured zone). */
@Component
class VssJson {
    private final VssTime time;
    private final AccessService access;
    private final Clock clock;

    VssJson(VssTime time, AccessService access, Clock clock) {
        this.time = time;
        this.access = access;
        this.clock = clock;
    }

    ObjectNode vm(String base, VmSummary summary) {
        var vm = summary.vm();
        ObjectNode n = VssResponses.JSON.createObjectNode();
        n.put("moref", vm.moref());
        n.put("uuid", vm.uuid());
        n.put("name", vm.hostname());
        n.put("power_state", vm.state().name().equals("RUNNING") ? "poweredOn" : "poweredOff");
        n.putObject("snapshot").put("exist", summary.hasSnapshots());
        n.putObject("_links").put("self", base + "/v2/vm/" + vm.moref());
        return n;
    }

    ObjectNode snapshot(String base, String vmMoref, VmSnapshot s) {
        ObjectNode n = VssResponses.JSON.createObjectNode();
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("description", s.description());
        n.put("label", s.name() + " (" + s.id() + ")");
        n.put("create_time", time.format(s.createdAt()));
        n.put("age", age(Duration.between(s.createdAt(), clock.instant())));
        n.put("size_gb", Math.round(s.sizeBytes() / 1e9 * 1000) / 1000.0);
        n.put("power_state", "memory".equals(s.consistency()) ? "poweredOn" : "poweredOff");
        n.put("quiesced", "frozen".equals(s.consistency()));
        n.put("consistency", s.consistency()); // crash, frozen (quiesced) or memory (RAM and device state saved)
        n.put("disks", s.disks());
        n.put("status", s.status());
        n.putObject("_links").put("self", base + "/v2/vm/" + vmMoref + "/snapshot/" + s.id());
        return n;
    }

    /**
     * A request object; {@code snapId} is the whole-VM snapshot it made or acts on, while that exists. {@code users}
     * caches usernames across one list.
     */
    ObjectNode request(String base, SnapshotRequest r, Optional<Long> snapId, Map<Long, String> users) {
        ObjectNode n = head(
                r.id(), r.createdAt(), r.updatedAt(), r.status(), users.computeIfAbsent(r.userId(), this::username));
        n.put("vm_moref", r.vmId() == null ? null : "vm-" + r.vmId());
        n.put("vm_name", r.vmName());
        n.put("action", r.action().label());
        n.put("from_date", time.format(r.fromDate()));
        n.put("to_date", time.format(r.toDate()));
        n.put("valid_for", r.validForHours());
        n.put("description", r.description());
        n.put("consolidate", r.consolidate());
        n.put("with_memory", r.withMemory());
        n.put("extensions", r.extensions());
        n.put("snapshot_name", r.snapshotName());
        if (snapId.isPresent()) {
            n.put("snap_id", snapId.get());
        } else {
            n.putNull("snap_id");
        }
        messages(n, r.warnings(), r.errors());
        n.put(
                "task_id",
                r.taskIds().isEmpty() ? null : r.taskIds().get(r.taskIds().size() - 1));
        n.putObject("_links").put("self", base + "/v2/request/snapshot/" + r.id());
        return n;
    }

    /** The 202 answer to a submitted request (§C.3, current shape). */
    ObjectNode submission(String base, SnapshotRequest r) {
        ObjectNode n = accepted(base + "/v2/request/snapshot/" + r.id());
        ObjectNode req = request(n, r.id(), r.status());
        req.put("task_id", r.taskIds().isEmpty() ? null : r.taskIds().get(0));
        req.put("action", r.action().label());
        return n;
    }

    /** A change request object (vss-cli {@code COLUMNS_REQUEST_CHANGE}). */
    ObjectNode changeRequest(String base, ChangeRequest r, Map<Long, String> users) {
        ObjectNode n = head(
                r.id(), r.createdAt(), r.updatedAt(), r.status(), users.computeIfAbsent(r.userId(), this::username));
        n.put("vm_moref", r.vmId() == null ? null : "vm-" + r.vmId());
        n.put("vm_name", r.vmName());
        n.put("attribute", r.attribute());
        n.putArray("value");
        n.put("scheduled", r.scheduled());
        n.put("scheduled_datetime", time.format(r.scheduledAt()));
        n.putObject("approval").put("approved", true);
        messages(n, r.warnings(), r.errors());
        n.putNull("task_id");
        n.putObject("_links").put("self", base + "/v2/request/change/" + r.id());
        return n;
    }

    /** The 202 answer to a submitted change request. */
    ObjectNode changeSubmission(String base, ChangeRequest r) {
        ObjectNode n = accepted(base + "/v2/request/change/" + r.id());
        ObjectNode req = request(n, r.id(), r.status());
        req.putNull("task_id");
        req.put("attribute", r.attribute());
        return n;
    }

    private String username(long userId) {
        return access.user(userId).map(User::username).orElse("deleted");
    }

    /** Like Python's {@code str(timedelta)} without microseconds: {@code 2 days, 3:04:05}. */
    static String age(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long days = d.toDays();
        String clock = "%d:%02d:%02d".formatted(d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
        return days == 0 ? clock : days + (days == 1 ? " day, " : " days, ") + clock;
    }

    /** The fields every request object starts with. */
    private ObjectNode head(long id, Instant created, Instant updated, RequestStatus status, String username) {
        ObjectNode n = VssResponses.JSON.createObjectNode();
        n.put("id", id);
        n.put("created_on", time.format(created));
        n.put("updated_on", time.format(updated));
        n.put("status", status.wireName());
        n.putObject("user").put("username", username);
        return n;
    }

    private static void messages(ObjectNode n, List<String> warnings, List<String> errors) {
        ObjectNode message = n.putObject("message");
        warnings.forEach(message.putArray("warnings")::add);
        errors.forEach(message.putArray("errors")::add);
    }

    /** The envelope of a 202 submission, linking to the request at {@code link}. */
    private static ObjectNode accepted(String link) {
        ObjectNode n = VssResponses.JSON.createObjectNode();
        n.putObject("_links").put("request", link);
        n.put("message", "Request has been accepted for processing");
        n.put("name", "Accepted");
        n.put("status", 202);
        return n;
    }

    private static ObjectNode request(ObjectNode submission, long id, RequestStatus status) {
        ObjectNode req = submission.putObject("request");
        req.put("id", id);
        req.put("status", status.wireName());
        return req;
    }
}

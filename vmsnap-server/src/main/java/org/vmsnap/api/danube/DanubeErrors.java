package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.vmsnap.access.Caller;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.shared.ThrottledException;
import org.vmsnap.task.TaskIds;

/** Renders the core's exceptions in Danube's shapes and codes. */
@RestControllerAdvice(basePackageClasses = DanubeErrors.class)
class DanubeErrors {
    static final String CALLER_ATTRIBUTE = "vmsnap.danube.caller";
    private static final Logger log = LoggerFactory.getLogger(DanubeErrors.class);

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e, HttpServletRequest req) {
        return DanubeResponses.detail(req, 404, notFoundMessage(e.kind()));
    }

    @ExceptionHandler(AlreadyExistsException.class)
    ResponseEntity<String> exists(AlreadyExistsException e, HttpServletRequest req) {
        return DanubeResponses.detail(req, 406, label(e.kind()) + " already exists");
    }

    /** Two calls racing to create the same name: the loser answers as if it had looked first. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<String> raced(DuplicateKeyException e, HttpServletRequest req) {
        return DanubeResponses.detail(req, 406, "Object already exists");
    }

    @ExceptionHandler(RuleViolationException.class)
    ResponseEntity<String> rule(RuleViolationException e, HttpServletRequest req) {
        Map.Entry<Integer, String> answer = answer(e.rule());
        return DanubeResponses.detail(req, answer.getKey(), answer.getValue());
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<String> invalid(InvalidInputException e, HttpServletRequest req) {
        Caller caller = (Caller) req.getAttribute(CALLER_ATTRIBUTE);
        String id = caller == null
                ? TaskIds.dummy(0, 0, 1)
                : TaskIds.dummy(caller.userId(), caller.userId(), caller.dcId());
        return DanubeResponses.envelope(req, 400, id, "FAILURE", e.errors(), false);
    }

    /** DRF's throttling answer, with the seconds to wait. */
    @ExceptionHandler(ThrottledException.class)
    ResponseEntity<String> throttled(ThrottledException e, HttpServletRequest req) {
        return org.vmsnap.web.Throttling.retryAfter(
                DanubeResponses.detail(req, 429, e.getMessage()), e.retryAfterSeconds());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<String> auth(AuthenticationException e, HttpServletRequest req) {
        String message = switch (e.reason()) {
            case MISSING -> "Authentication credentials were not provided.";
            case INVALID_TOKEN -> "Invalid token.";
            case INVALID_API_KEY -> "Invalid API key";
            case INACTIVE -> "User inactive or deleted.";
            case NO_API_ACCESS -> "User account is not allowed to access API";
            case BAD_CREDENTIALS -> "Unable to log in with provided credentials.";
        };
        return DanubeResponses.detail(req, 403, message);
    }

    @ExceptionHandler(DanubeBadRequest.class)
    ResponseEntity<String> bad(DanubeBadRequest e, HttpServletRequest req) {
        return DanubeResponses.detail(req, e.status(), e.detail());
    }

    @ExceptionHandler(OrderBy.InvalidOrderBy.class)
    ResponseEntity<String> orderBy(OrderBy.InvalidOrderBy e, HttpServletRequest req) {
        return DanubeResponses.detail(req, 412, e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
        return DanubeResponses.detail(req, 405, "Method \"" + e.getMethod() + "\" not allowed.");
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<String> storage(StorageException e, HttpServletRequest req) {
        log.warn("storage error on {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
        return DanubeResponses.detail(req, 423, "VM is not operational");
    }

    static String notFoundMessage(ObjectKind kind) {
        return switch (kind) {
            case TASK -> "Task does not exist";
            case DC -> "Datacenter not found";
            default -> label(kind) + " not found";
        };
    }

    static String label(ObjectKind kind) {
        return switch (kind) {
            case DC -> "Datacenter";
            case USER -> "User";
            case NODE -> "Node";
            case VM -> "VM";
            case DISK -> "Disk";
            case SNAPSHOT -> "Snapshot";
            case SNAPSHOT_DEFINITION -> "Snapshot definition";
            case TASK -> "Task";
        };
    }

    static Map.Entry<Integer, String> answer(Rule rule) {
        return switch (rule) {
            case VM_NOT_OPERATIONAL -> Map.entry(423, "VM is not operational");
            case VM_NOT_STOPPED -> Map.entry(423, "VM is not stopped");
            case NODE_NOT_OPERATIONAL -> Map.entry(423, "Node is not operational");
            case VM_NOT_INSTALLED -> Map.entry(428, "VM is not installed");
            case VM_ALREADY_INSTALLED -> Map.entry(409, "VM is already installed");
            case VM_HAS_NO_DISKS -> Map.entry(428, "VM has no disks");
            case VM_HAS_PENDING_TASKS -> Map.entry(409, "VM has pending tasks");
            case SNAPSHOT_STATUS_NOT_OK -> Map.entry(417, "VM snapshot status is not OK");
            case VM_HAS_MORE_RECENT_SNAPSHOTS -> Map.entry(417, "VM has more recent snapshots");
            case TARGET_VM_HAS_SNAPSHOTS -> Map.entry(417, "Target VM has snapshots");
            case SNAPSHOT_LIMIT_REACHED -> Map.entry(417, "VM snapshot limit reached");
            case SNAPSHOT_SIZE_LIMIT_REACHED -> Map.entry(417, "VM snapshot size limit reached");
            case DC_SNAPSHOT_SIZE_LIMIT_REACHED -> Map.entry(417, "DC snapshot size limit reached");
            case DISK_SIZE_MISMATCH -> Map.entry(428, "Disk size mismatch");
            case BRAND_MISMATCH -> Map.entry(428, "VM brand mismatch");
            case INVALID_DISK_ID -> Map.entry(412, "Invalid disk_id");
            case INVALID_SNAPNAMES -> Map.entry(412, "Invalid snapnames");
            case INVALID_SNAPSHOT_TYPE -> Map.entry(412, "Invalid snapshot type");
            case PERMISSION_DENIED -> Map.entry(403, "Permission denied");
            case BAD_ACTION -> Map.entry(417, "Bad action");
            case VM_ALREADY_STOPPING -> Map.entry(423, "VM is already stopping; try to use force");
        };
    }
}

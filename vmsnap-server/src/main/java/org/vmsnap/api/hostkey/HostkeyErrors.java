package org.vmsnap.api.hostkey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.StorageException;

/**
 * The core's exceptions in HOSTKEY's words: business errors are HTTP 200 with {@code code -1}, token problems
 * HTTP 401 (HOSTKEY's client logs in again on a 401). Scoped to this package and asked before the last-resort
 * advice of {@code web}.
 */
@RestControllerAdvice(basePackageClasses = HostkeyErrors.class)
@Order(0)
class HostkeyErrors {
    private static final Logger log = LoggerFactory.getLogger(HostkeyErrors.class);

    @ExceptionHandler(HostkeyError.class)
    ResponseEntity<String> hostkey(HostkeyError e) {
        return HostkeyResponses.error(e.status(), e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return HostkeyResponses.error(200, notFound(e.kind()));
    }

    @ExceptionHandler({AlreadyExistsException.class, DuplicateKeyException.class})
    ResponseEntity<String> exists(Exception e) {
        return HostkeyResponses.error(200, "snapshot already exists");
    }

    @ExceptionHandler(RuleViolationException.class)
    ResponseEntity<String> rule(RuleViolationException e) {
        return HostkeyResponses.error(200, message(e.rule()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<String> invalid(InvalidInputException e) {
        var first = e.errors().entrySet().iterator().next();
        return HostkeyResponses.error(200, "invalid " + first.getKey() + ": " + String.join("; ", first.getValue()));
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<String> auth(AuthenticationException e) {
        return switch (e.reason()) {
            case MISSING -> HostkeyResponses.error(401, "token expired");
            case INVALID_TOKEN -> HostkeyResponses.error(401, "invalid token");
            case INVALID_API_KEY, BAD_CREDENTIALS -> HostkeyResponses.error(200, "authentication failed");
            case INACTIVE, NO_API_ACCESS -> HostkeyResponses.error(401, "not authorized");
        };
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<String> storage(StorageException e) {
        log.warn("storage error in a HOSTKEY call: {}", e.getMessage());
        return HostkeyResponses.error(200, "storage error");
    }

    static String notFound(ObjectKind kind) {
        return switch (kind) {
            case VM -> "server not found";
            case SNAPSHOT -> "snapshot not found";
            case TASK -> "AsyncKey not found";
            case USER -> "user not found";
            default -> kind.name().toLowerCase() + " not found";
        };
    }

    static String message(Rule rule) {
        return switch (rule) {
            case VM_NOT_STOPPED -> "server must be powered off";
            case VM_NOT_OPERATIONAL -> "server is not operational";
            case VM_HAS_PENDING_TASKS -> "server has pending tasks";
            case NODE_NOT_OPERATIONAL -> "node is not operational";
            case VM_NOT_INSTALLED, INVALID_DISK_ID -> "server is not deployed";
            case SNAPSHOT_STATUS_NOT_OK -> "snapshot is busy";
            case SNAPSHOT_LIMIT_REACHED -> "snapshot limit reached";
            case PERMISSION_DENIED -> "permission denied";
            default -> rule.name().toLowerCase().replace('_', ' ');
        };
    }
}

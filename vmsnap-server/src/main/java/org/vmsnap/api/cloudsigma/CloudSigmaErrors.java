package org.vmsnap.api.cloudsigma;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.DiskStateException;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.QuotaExceededException;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.shared.ThrottledException;

/** Renders the core's exceptions as CloudSigma does: a status and a list of one error object. */
@RestControllerAdvice(basePackageClasses = CloudSigmaErrors.class)
class CloudSigmaErrors {
    private static final Logger log = LoggerFactory.getLogger(CloudSigmaErrors.class);

    @ExceptionHandler(CloudSigmaError.class)
    ResponseEntity<String> own(CloudSigmaError e) {
        return CloudSigmaJson.error(e.status(), e.type(), e.getMessage(), e.point());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e, HttpServletRequest req) {
        return CloudSigmaJson.error(404, "notexist", label(e.kind()) + " does not exist", null);
    }

    @ExceptionHandler({AlreadyExistsException.class, DuplicateKeyException.class})
    ResponseEntity<String> exists(RuntimeException e) {
        return CloudSigmaJson.error(400, "validation", "An object with this name already exists", "name");
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<String> invalid(InvalidInputException e) {
        var first = e.errors().entrySet().iterator().next();
        return CloudSigmaJson.error(400, "validation", String.join(" ", first.getValue()), first.getKey());
    }

    @ExceptionHandler(ThrottledException.class)
    ResponseEntity<String> throttled(ThrottledException e) {
        return org.vmsnap.web.Throttling.retryAfter(
                CloudSigmaJson.error(429, "permission", e.getMessage(), null), e.retryAfterSeconds());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<String> auth(AuthenticationException e) {
        String message = switch (e.reason()) {
            case MISSING -> "Authentication credentials were not provided";
            case INACTIVE -> "User account is disabled";
            case NO_API_ACCESS -> "User account is not allowed to access the API";
            default -> "Invalid credentials";
        };
        return CloudSigmaJson.error(401, "permission", message, null);
    }

    @ExceptionHandler(QuotaExceededException.class)
    ResponseEntity<String> quota(QuotaExceededException e) {
        String message = switch (e.scope()) {
            case DRIVE -> "Snapshot limit per drive reached (" + e.limit() + ")";
            case ACCOUNT -> "Snapshot limit per account reached (" + e.limit() + ")";
        };
        return CloudSigmaJson.error(403, "permission", message, "drive");
    }

    @ExceptionHandler(DiskStateException.class)
    ResponseEntity<String> diskState(DiskStateException e) {
        String message = switch (e.reason()) {
            case NOT_READY -> "Drive is not in a state that allows this operation";
            case ATTACHED -> "Drive is attached to a server";
        };
        return CloudSigmaJson.error(403, "permission", message, "drive");
    }

    @ExceptionHandler(RuleViolationException.class)
    ResponseEntity<String> rule(RuleViolationException e) {
        String message = switch (e.rule()) {
            case SNAPSHOT_STATUS_NOT_OK -> "Snapshot is not available";
            case PERMISSION_DENIED -> "Permission denied";
            default -> "Operation not allowed: " + e.rule().name().toLowerCase(java.util.Locale.ROOT);
        };
        return CloudSigmaJson.error(403, "permission", message, null);
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<String> storage(StorageException e, HttpServletRequest req) {
        log.warn("storage error on {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
        return CloudSigmaJson.error(503, "backend", "Storage backend error", null);
    }

    static String label(ObjectKind kind) {
        return switch (kind) {
            case DISK -> "Drive";
            case SNAPSHOT -> "Snapshot";
            case VM -> "Server";
            case USER -> "User";
            default -> "Object";
        };
    }
}

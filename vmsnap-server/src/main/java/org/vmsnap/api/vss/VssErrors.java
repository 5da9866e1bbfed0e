package org.vmsnap.api.vss;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.InvalidInputException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.shared.ThrottledException;

/** Renders the core's exceptions as VSS errors {@code {"status","error","message"}}. */
@RestControllerAdvice(basePackageClasses = VssErrors.class)
class VssErrors {
    private static final Logger log = LoggerFactory.getLogger(VssErrors.class);

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return VssResponses.error(404, label(e.kind()) + " not found");
    }

    @ExceptionHandler(VssNotFound.class)
    ResponseEntity<String> notFound(VssNotFound e) {
        return VssResponses.error(404, e.getMessage());
    }

    /** A non-numeric id in the path names nothing. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> badPathValue(MethodArgumentTypeMismatchException e) {
        return VssResponses.error(404, "Not found: " + e.getName() + " must be an integer");
    }

    @ExceptionHandler(AlreadyExistsException.class)
    ResponseEntity<String> exists(AlreadyExistsException e) {
        return VssResponses.error(409, label(e.kind()) + " already exists");
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<String> invalid(InvalidInputException e) {
        String message =
                e.errors().values().stream().flatMap(java.util.List::stream).collect(Collectors.joining("; "));
        return VssResponses.error(400, message);
    }

    @ExceptionHandler(VssBadRequest.class)
    ResponseEntity<String> bad(VssBadRequest e) {
        return VssResponses.error(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        return VssResponses.error(400, "request body is not valid JSON");
    }

    @ExceptionHandler(RuleViolationException.class)
    ResponseEntity<String> rule(RuleViolationException e) {
        int status = e.rule() == Rule.PERMISSION_DENIED ? 403 : 409;
        String message = e.getMessage().equals(e.rule().name())
                ? e.rule().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                : e.getMessage();
        return VssResponses.error(status, message);
    }

    @ExceptionHandler(ThrottledException.class)
    ResponseEntity<String> throttled(ThrottledException e) {
        return org.vmsnap.web.Throttling.retryAfter(VssResponses.error(429, e.getMessage()), e.retryAfterSeconds());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<String> auth(AuthenticationException e) {
        String message = switch (e.reason()) {
            case MISSING -> "authentication required: Basic credentials for /auth/request-token, else a Bearer token";
            case INVALID_TOKEN, INVALID_API_KEY -> "invalid or expired token";
            case BAD_CREDENTIALS -> "invalid username or password";
            case INACTIVE -> "user inactive or deleted";
            case NO_API_ACCESS -> "user account is not allowed to access the API";
        };
        return VssResponses.error(401, message);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
        return VssResponses.error(405, "method " + e.getMethod() + " not allowed");
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<String> storage(StorageException e, HttpServletRequest req) {
        log.warn("storage error on {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
        return VssResponses.error(409, "VM is not operational");
    }

    static String label(ObjectKind kind) {
        return switch (kind) {
            case VM -> "VM";
            case NODE -> "Node";
            case SNAPSHOT -> "Snapshot";
            case USER -> "User";
            case DISK -> "Disk";
            case DC -> "Datacenter";
            case SNAPSHOT_DEFINITION -> "Snapshot definition";
            case TASK -> "Task";
        };
    }
}

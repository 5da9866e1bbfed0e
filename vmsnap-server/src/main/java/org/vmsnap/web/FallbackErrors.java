package org.vmsnap.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors raised before any controller is chosen (no such URL, wrong method) or not foreseen by a front door's own
 * advice: rendered by the {@link ErrorShape} whose URL space the request is in, never as an HTML page. Applies
 * last, after each front door's own advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class FallbackErrors {
    private static final Logger log = LoggerFactory.getLogger(FallbackErrors.class);

    private final List<ErrorShape> shapes;

    FallbackErrors(List<ErrorShape> shapes) {
        this.shapes = List.copyOf(shapes);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<String> notFound(Exception e, HttpServletRequest req) {
        return render(req, Failure.NOT_FOUND, e);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
        return render(req, Failure.METHOD_NOT_ALLOWED, e);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest req) {
        return render(req, Failure.UNSUPPORTED_MEDIA_TYPE, e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e, HttpServletRequest req) {
        log.error("unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return render(req, Failure.UNEXPECTED, e);
    }

    private ResponseEntity<String> render(HttpServletRequest req, Failure failure, Exception cause) {
        return render(req.getRequestURI().substring(req.getContextPath().length()), req, failure, cause);
    }

    /** The answer of the front door whose URL space {@code path} is in. */
    ResponseEntity<String> render(String path, HttpServletRequest req, Failure failure, Exception cause) {
        for (ErrorShape shape : shapes) {
            if (shape.serves(path)) {
                return shape.render(req, failure, cause);
            }
        }
        int status = switch (failure) {
            case NOT_FOUND -> 404;
            case BAD_REQUEST -> 400;
            case METHOD_NOT_ALLOWED -> 405;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNEXPECTED -> 500;
        };
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{}");
    }
}

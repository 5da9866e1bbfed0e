package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors raised before any controller is chosen (no such URL, wrong method) or not foreseen: Danube's
 * {@code {"detail"}} shape, never an HTML page. Applies last, after each front door's own advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class DanubeFallback {
    private static final Logger log = LoggerFactory.getLogger(DanubeFallback.class);

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<String> notFound(HttpServletRequest req) {
        return DanubeResponses.detail(req, 404, "Not found");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
        return DanubeResponses.detail(req, 405, "Method \"" + e.getMethod() + "\" not allowed.");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> mediaType(HttpServletRequest req) {
        return DanubeResponses.detail(req, 415, "Unsupported media type in request.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e, HttpServletRequest req) {
        log.error("unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return DanubeResponses.detail(req, 500, "Internal Server Error");
    }
}

package org.vmsnap.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error path, in place of Spring Boot's (which answered a plain {@code GET /error} with
 * a 500). A request for {@code /error} itself is a path no route serves; an error the container forwards here is
 * answered in the shape of the front door whose URL failed, with its status (4xx as a bad request, 5xx as
 * unforeseen), never with a stack trace.
 */
@RestController
class ErrorEndpoint implements ErrorController {
    private final FallbackErrors errors;

    ErrorEndpoint(FallbackErrors errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<String> error(HttpServletRequest req) {
        Object status = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(status instanceof Integer code) || !(uri instanceof String failed)) {
            return errors.render("/error", req, Failure.NOT_FOUND, null);
        }
        String path = failed.substring(Math.min(req.getContextPath().length(), failed.length()));
        Failure failure = switch (code) {
            case 404 -> Failure.NOT_FOUND;
            case 415 -> Failure.UNSUPPORTED_MEDIA_TYPE;
            default -> code >= 400 && code < 500 ? Failure.BAD_REQUEST : Failure.UNEXPECTED;
        };
        return errors.render(path, req, failure, null);
    }
}

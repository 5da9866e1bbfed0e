package org.vmsnap.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

/**
 * How one front door renders the failures of {@link Failure}. Beans of this type are asked in their
 * {@link org.springframework.core.annotation.Order} (lowest value first); the first that {@link #serves} the
 * request's path renders the answer, so a front door nested in another's URL space orders itself first.
 */
public interface ErrorShape {
    /** Whether the path (without the context path) is in this front door's URL space. */
    boolean serves(String path);

    /** The complete answer: status, headers and body in the front door's error shape. */
    ResponseEntity<String> render(HttpServletRequest request, Failure failure, Exception cause);
}

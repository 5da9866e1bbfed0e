package org.vmsnap.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** A throttled answer in any front door's shape gets the standard {@code Retry-After} header. */
public final class Throttling {
    private Throttling() {}

    public static ResponseEntity<String> retryAfter(ResponseEntity<String> answer, long seconds) {
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(answer.getBody());
    }
}

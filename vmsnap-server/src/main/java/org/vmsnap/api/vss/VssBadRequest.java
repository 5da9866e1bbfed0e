package org.vmsnap.api.vss;

/** A malformed wire value or an unreadable body: answered with the message, 400 unless said otherwise. */
final class VssBadRequest extends RuntimeException {
    private final int status;

    VssBadRequest(String message) {
        this(400, message);
    }

    VssBadRequest(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}

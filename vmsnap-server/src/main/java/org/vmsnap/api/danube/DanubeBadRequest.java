package org.vmsnap.api.danube;

/** The request itself cannot be read (broken JSON, a body too large): answered {@code {"detail": ...}}. */
final class DanubeBadRequest extends RuntimeException {
    private final int status;
    private final Object detail;

    DanubeBadRequest(int status, Object detail) {
        super(String.valueOf(detail));
        this.status = status;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    Object detail() {
        return detail;
    }
}

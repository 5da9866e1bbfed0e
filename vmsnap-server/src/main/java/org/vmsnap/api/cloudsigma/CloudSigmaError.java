package org.vmsnap.api.cloudsigma;

/**
 * A failure the front door itself detects (bad JSON, wrong field, unknown action), with CloudSigma's error fields.
 *
 * @see CloudSigmaErrors
 */
final class CloudSigmaError extends RuntimeException {
    private final int status;
    private final String type;
    private final String point;

    CloudSigmaError(int status, String type, String message, String point) {
        super(message);
        this.status = status;
        this.type = type;
        this.point = point;
    }

    /** 400 {@code validation}, pointing at {@code field} (or null for the whole request). */
    static CloudSigmaError validation(String field, String message) {
        return new CloudSigmaError(400, "validation", message, field);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String point() {
        return point;
    }
}

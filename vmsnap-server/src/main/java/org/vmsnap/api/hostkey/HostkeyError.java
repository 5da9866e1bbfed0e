package org.vmsnap.api.hostkey;

/** A call refused in HOSTKEY's words: {@code {"code":-1,"message":...}} with an HTTP status (200 unless auth). */
final class HostkeyError extends RuntimeException {
    private final int status;

    HostkeyError(String message) {
        this(200, message);
    }

    HostkeyError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HostkeyError required(String name) {
        return new HostkeyError(name + " is required");
    }

    static HostkeyError invalid(String name) {
        return new HostkeyError("invalid " + name);
    }
}

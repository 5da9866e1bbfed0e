package org.vmsnap.qemu;

/**
 * QEMU answered a command with an error ({@link #errorClass()} is QMP's {@code class}, e.g. {@code GenericError}),
 * or the monitor could not be reached, timed out or closed ({@link #errorClass()} is then {@code null}).
 */
public final class QmpException extends RuntimeException {
    private final String errorClass;

    public QmpException(String errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
        this.errorClass = null;
    }

    /** QMP's error class when QEMU itself refused the command; {@code null} for a transport failure. */
    public String errorClass() {
        return errorClass;
    }

    /** Whether QEMU answered (the monitor is still usable), as opposed to a broken or timed-out connection. */
    public boolean answered() {
        return errorClass != null;
    }
}

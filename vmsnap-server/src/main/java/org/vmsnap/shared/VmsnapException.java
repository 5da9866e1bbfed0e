package org.vmsnap.shared;

/** Root of every exception the core raises on purpose; front doors render these in their vendor's shape. */
public abstract class VmsnapException extends RuntimeException {
    protected VmsnapException(String message) {
        super(message);
    }

    protected VmsnapException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.vmsnap.shared;

/** The storage backend could not carry out an operation on an image. */
public class StorageException extends VmsnapException {
    private final int returnCode;

    public StorageException(String message, int returnCode) {
        super(message);
        this.returnCode = returnCode;
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
        this.returnCode = 1;
    }

    /** Exit code of the failed program, or 1 when there was none. */
    public int returnCode() {
        return returnCode;
    }
}

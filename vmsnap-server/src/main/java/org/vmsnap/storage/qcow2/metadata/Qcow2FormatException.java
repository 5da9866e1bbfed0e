package org.vmsnap.storage.qcow2.metadata;

import java.io.IOException;

/**
 * A file cannot be interpreted as a qcow2 image this reader supports.
 *
 * <p>It is a checked {@link IOException}. It is thrown when the file is not a qcow2 image (bad magic, empty, truncated
 * header), uses an unsupported version or feature (encryption, external data file, unknown incompatible feature bits,
 * cluster size out of range), or holds corrupted metadata (offsets outside the file, misaligned tables, impossible
 * sizes). It is also thrown, with the underlying {@link IOException} as its cause, when the file cannot be opened or
 * read at all.
 */
public final class Qcow2FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the file and the problem. */
    public Qcow2FormatException(String message) {
        super(message);
    }

    /** Creates an exception caused by a lower-level failure. */
    public Qcow2FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.vmsnap.shared;

/** The image is held open for writing by a running QEMU: the VM is running. */
public final class ImageLockedException extends StorageException {
    public ImageLockedException(String message) {
        super(message, 1);
    }
}

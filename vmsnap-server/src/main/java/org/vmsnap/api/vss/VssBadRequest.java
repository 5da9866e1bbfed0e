package org.vmsnap.api.vss;

/** A malformed wire value: answered 400 with the message. */
final class VssBadRequest extends RuntimeException {
    VssBadRequest(String message) {
        super(message);
    }
}

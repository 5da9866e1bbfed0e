package org.vmsnap.api.vss;

/** Something only this front door names (a change request) does not exist or is not the caller's: 404. */
final class VssNotFound extends RuntimeException {
    VssNotFound(String message) {
        super(message);
    }
}

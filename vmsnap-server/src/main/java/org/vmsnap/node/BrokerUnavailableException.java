package org.vmsnap.node;

/** The broker cannot be reached or refused the credentials; the message never holds a password. */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message) {
        super(message, null, false, false);
    }
}

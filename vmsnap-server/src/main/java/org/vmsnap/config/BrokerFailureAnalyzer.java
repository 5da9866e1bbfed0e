package org.vmsnap.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.vmsnap.node.BrokerUnavailableException;

/** A broker that cannot be reached (or refuses the credentials) stops the start with its one line, no trace. */
class BrokerFailureAnalyzer extends AbstractFailureAnalyzer<BrokerUnavailableException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, BrokerUnavailableException cause) {
        return new FailureAnalysis(
                "vmsnap: " + cause.getMessage(),
                "Check --broker (amqp://USER:PASSWORD@HOST:5672/VHOST) and the user's permissions on the vhost.",
                cause);
    }
}

package org.vmsnap.health;

import java.util.Optional;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.vmsnap.node.NodeLink;

/**
 * The broker the control plane reaches its nodes' agents through, when one is configured ({@code --broker}):
 * connected (the client reconnects by itself after a broker restart; meanwhile this is DOWN), with its calls in
 * flight. Without a broker there is nothing to wait for.
 */
@Component("broker")
class BrokerHealth extends AbstractHealthIndicator {
    private final Optional<NodeLink> link;

    BrokerHealth(Optional<NodeLink> link) {
        super("broker check failed");
        this.link = link;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        if (link.isEmpty()) {
            health.up().withDetail("configured", false);
            return;
        }
        NodeLink.Stats stats = link.get().stats();
        health.withDetail("configured", true)
                .withDetail("confirmedCalls", stats.confirmed())
                .withDetail("callsWaiting", stats.waiting());
        if (link.get().connected()) {
            health.up();
        } else {
            health.down().withDetail("error", "not connected to the broker");
        }
    }
}

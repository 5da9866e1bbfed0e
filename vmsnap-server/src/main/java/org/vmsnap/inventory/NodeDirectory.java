package org.vmsnap.inventory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.vmsnap.shared.InvalidInputException;

/**
 * The nodes and their status as of now: a remote node whose agent has not said hello within
 * {@code vmsnap.node.unreachable-after} (default 30 s) is unreachable and takes no new work, as one an operator put
 * in maintenance. The embedded node (when this server has one) needs no heartbeat.
 */
@Component
class NodeDirectory {
    private final NodeStore store;
    private final Clock clock;
    private final Duration window;
    private final String embedded;
    private final ApplicationEventPublisher events;
    private final String embeddedAddress;

    NodeDirectory(
            NodeStore store,
            Clock clock,
            @Value("${vmsnap.node.unreachable-after:PT30S}") Duration window,
            @Value("${vmsnap.local-node:local}") String embedded,
            ApplicationEventPublisher events,
            @Value("${vmsnap.node.address:}") String embeddedAddress) {
        this.embeddedAddress = embeddedAddress;
        this.events = events;
        this.embedded = embedded;
        this.store = store;
        this.clock = clock;
        this.window = window;
    }

    Optional<Node> byHostname(String hostname) {
        return store.byHostname(hostname).map(this::now);
    }

    Node byId(long id) {
        return store.byId(id).map(this::now).orElseThrow();
    }

    Map<Long, Node> byIds(Collection<Long> ids) {
        return store.byIds(ids).stream().map(this::now).collect(Collectors.toMap(Node::id, Function.identity()));
    }

    List<Node> all() {
        return store.all().stream().map(this::now).toList();
    }

    /**
     * Where a new VM goes: the node named (an unknown one is a field error in {@code node}, as Danube's slug field
     * answers), else the server's own node, else the only node there is.
     */
    Node placement(Optional<String> hostname) {
        if (hostname.isPresent()) {
            return byHostname(hostname.get())
                    .orElseThrow(() -> InvalidInputException.of(
                            "node", "Object with hostname=" + hostname.get() + " does not exist."));
        }
        List<Node> all = all();
        return all.stream()
                .filter(n -> n.hostname().equals(embedded))
                .findFirst()
                .or(() -> all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty())
                .orElseThrow(() -> InvalidInputException.of("node", "This field is required."));
    }

    /** The server's own node, made when missing; its address is {@code vmsnap.node.address} or this host's. */
    void ensureEmbedded(String hostname) {
        store.ensureEmbedded(hostname, embeddedAddress.isBlank() ? hostAddress() : embeddedAddress);
    }

    private static String hostAddress() {
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    void setStatus(long id, NodeStatus status) {
        store.setStatus(id, status);
    }

    Map<Long, Long> vmCounts() {
        return store.vmCounts();
    }

    /**
     * Records an agent's report; when the node comes back from a silence (it was unreachable) a {@link NodeReturned}
     * tells the modules that must catch up with it before it takes new work. A node heard from for the first time
     * holds no disks yet.
     */
    void reported(NodeReport report) {
        Optional<Node> before = byHostname(report.hostname());
        store.report(report, clock.instant());
        if (before.isPresent() && before.get().status() == NodeStatus.UNREACHABLE) {
            events.publishEvent(new NodeReturned(report.hostname()));
        }
    }

    private Node now(Node node) {
        return node.seenAt(clock.instant(), window);
    }
}

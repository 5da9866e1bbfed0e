package org.vmsnap.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vmsnap.node.wire.Wire;

/**
 * {@code vmsnap agent --node NAME --broker amqp://USER:PASSWORD@HOST:5672/VHOST --data-dir DIR [--address ADDR]
 * [--heartbeat SECONDS]}.
 *
 * @param node the node's name (its queue is {@code vmsnap.node.<name>})
 * @param broker the broker URL with this node's own credentials
 * @param dataDir where the node keeps its images ({@code images/}) and run files
 * @param address the address announced for the node (default: the host's name)
 * @param heartbeat how often the agent announces itself
 */
record AgentOptions(String node, String broker, Path dataDir, String address, Duration heartbeat) {
    static final String USAGE = "usage: vmsnap agent --node NAME --broker amqp://USER:PASSWORD@HOST:5672/VHOST"
            + " --data-dir DIR [--address ADDR] [--heartbeat SECONDS]";

    AgentOptions {
        Objects.requireNonNull(node, "--node is required");
        if (!Wire.NODE_NAME.matcher(node).matches()) {
            throw new IllegalArgumentException("--node must be a hostname (letters, digits, dots, dashes)");
        }
        Objects.requireNonNull(broker, "--broker is required");
        if (!broker.startsWith("amqp://") && !broker.startsWith("amqps://")) {
            throw new IllegalArgumentException("--broker must be an amqp:// or amqps:// URL");
        }
        Objects.requireNonNull(dataDir, "--data-dir is required");
        dataDir = dataDir.toAbsolutePath().normalize();
        address = address == null ? "" : address;
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--heartbeat must be 1 to 3600 seconds");
        }
    }

    /** Parses the arguments after {@code agent}; the message says what is wrong. */
    static AgentOptions parse(List<String> args) {
        String node = null;
        String broker = null;
        Path data = null;
        String address = null;
        Duration heartbeat = Duration.ofSeconds(10);
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            String value;
            if (option.contains("=")) {
                value = option.substring(option.indexOf('=') + 1);
                option = option.substring(0, option.indexOf('='));
            } else {
                value = Optional.ofNullable(rest.isEmpty() ? null : rest.remove(0))
                        .orElseThrow(() -> new IllegalArgumentException("missing value"));
            }
            switch (option) {
                case "--node" -> node = value;
                case "--broker" -> broker = value;
                case "--data-dir" -> data = Path.of(value);
                case "--address" -> address = value;
                case "--heartbeat" -> heartbeat = Duration.ofSeconds(seconds(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new AgentOptions(node, broker, data, address, heartbeat);
    }

    private static long seconds(String value) {
        if (!value.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("--heartbeat must be 1 to 3600 seconds");
        }
        return Long.parseLong(value);
    }
}

package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private RabbitMQ (Debian's {@code rabbitmq-server}) for the tests: its own node name, ports, data directory,
 * Erlang cookie and {@code epmd}, listening on 127.0.0.1 only; started by the tests and stopped with everything it
 * started. Users and permissions are set with {@code rabbitmqctl}, as the README tells an operator to.
 */
final class Broker implements AutoCloseable {
    static final String VHOST = "vmsnap";

    private final Path home;
    private final String nodeName;
    private final int amqpPort;
    private final int epmdPort;
    private final Process server;

    private Broker(Path home, String nodeName, int amqpPort, int epmdPort, Process server) {
        this.home = home;
        this.nodeName = nodeName;
        this.amqpPort = amqpPort;
        this.epmdPort = epmdPort;
        this.server = server;
    }

    /** Starts a broker with the vhost {@value #VHOST} and waits until it serves. */
    static Broker start() throws Exception {
        Path home = Files.createTempDirectory("vmsnap-rabbit-");
        int amqp = freePort();
        int dist = freePort();
        int epmd = freePort();
        String node = "vmsnap" + amqp + "@localhost";
        Files.writeString(home.resolve("enabled_plugins"), "[].\n");
        Files.writeString(
                home.resolve("rabbitmq.conf"),
                "listeners.tcp.default = 127.0.0.1:" + amqp + "\nloopback_users = none\n"
                        + "log.console = false\nlog.file.level = warning\n");
        ProcessBuilder pb = new ProcessBuilder("/usr/lib/rabbitmq/bin/rabbitmq-server")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("server.out").toFile());
        environment(pb.environment(), home, node, amqp, dist, epmd);
        Broker broker = new Broker(home, node, amqp, epmd, pb.start());
        try {
            broker.awaitStartup();
            broker.ctl("add_vhost", VHOST);
        } catch (AssertionError | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * {@code await_startup} fails at once while the node has not registered with epmd yet, so it is asked again
     * until it answers; 120 s at most.
     */
    private void awaitStartup() throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        while (true) {
            assertThat(server.isAlive())
                    .as("rabbitmq-server exited; see %s", home.resolve("server.out"))
                    .isTrue();
            try {
                ctl("await_startup", "--timeout", "60");
                return;
            } catch (AssertionError notYet) {
                if (java.time.Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                server.waitFor(500, TimeUnit.MILLISECONDS); // a pause between tries that ends early if it exits
            }
        }
    }

    private static void environment(Map<String, String> env, Path home, String node, int amqp, int dist, int epmd) {
        env.put("HOME", home.toString());
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", String.valueOf(amqp));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(dist));
        env.put("ERL_EPMD_PORT", String.valueOf(epmd));
        env.put("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", home.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code rabbitmqctl -n <node> args...}; fails the test with its output when it fails. */
    String ctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", nodeName));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        environment(pb.environment(), home, nodeName, amqpPort, 0, epmdPort);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("rabbitmqctl %s: %s", args[0], text).isZero();
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the broker's application (every connection is dropped; the node and its data stay). */
    void stopApp() {
        ctl("stop_app");
    }

    /** Starts the broker's application again, with its durable queues and their messages, and waits until it serves. */
    void startApp() throws InterruptedException {
        ctl("start_app");
        awaitStartup();
    }

    /** The messages in a queue of the vhost: ready and unacknowledged. */
    long messages(String queue) {
        for (String line : ctl("list_queues", "-p", VHOST, "--no-table-headers", "--quiet", "name", "messages")
                .split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].equals(queue)) {
                return Long.parseLong(cols[1]);
            }
        }
        return 0;
    }

    /** A user with the password, allowed what the three regular expressions say on the vhost. */
    void user(String name, String password, String configure, String write, String read) {
        ctl("add_user", name, password);
        ctl("set_permissions", "-p", VHOST, name, configure, write, read);
    }

    /** An {@code amqp://} URL for the user. */
    String url(String user, String password) {
        return "amqp://" + user + ":" + password + "@127.0.0.1:" + amqpPort + "/" + VHOST;
    }

    int port() {
        return amqpPort;
    }

    @Override
    public void close() {
        try {
            ctl("stop");
        } catch (AssertionError | RuntimeException ignored) {
            // killed below
        }
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        try {
            new ProcessBuilder("epmd", "-port", String.valueOf(epmdPort), "-kill")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException ignored) {
            // no epmd left to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

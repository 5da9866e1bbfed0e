package org.vmsnap.agent;

import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.node.wire.NodeHello;
import org.vmsnap.qemu.Executables;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.qemu.RunDirectory;
import org.vmsnap.runtime.qemu.QemuHypervisor;
import org.vmsnap.storage.qcow2.ProcessRunner;
import org.vmsnap.storage.qcow2.Qcow2Drivers;
import org.vmsnap.storage.spi.StorageDriver;

/** {@code vmsnap agent ...}: runs until SIGTERM (systemd's stop), then finishes the calls in hand and exits. */
public final class AgentMain {
    private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

    private AgentMain() {}

    /** The first message along the cause chain (AMQP channel errors carry theirs on the cause). */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("not closed cleanly: {}", e.toString());
            }
        }
    }

    /** Runs the agent; returns the process exit code (2: bad arguments, 1: cannot start). */
    public static int run(List<String> args) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (IllegalArgumentException | NullPointerException e) {
            System.err.println("vmsnap agent: " + e.getMessage());
            System.err.println(AgentOptions.USAGE);
            return 2;
        }
        // the broker client's own warnings (a refused login, a dropped socket) repeat what the agent says in one line
        if (LoggerFactory.getLogger("com.rabbitmq") instanceof ch.qos.logback.classic.Logger rabbit) {
            rabbit.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        CountDownLatch stop = new CountDownLatch(1);
        try {
            Files.createDirectories(options.dataDir().resolve("images"));
            QmpPool pool = new QmpPool(Duration.ofSeconds(10));
            StorageDriver driver = Qcow2Drivers.create(
                    new ProcessRunner(),
                    pool,
                    "qemu-img",
                    "qemu-storage-daemon",
                    options.dataDir(),
                    Duration.ofSeconds(10));
            NodeFiles files = new NodeFiles(options.dataDir());
            String address =
                    options.address().isEmpty() ? InetAddress.getLocalHost().getHostName() : options.address();
            StorageHandler storage = new StorageHandler(driver, files, address);
            VmHandler vms = new VmHandler(
                    new QemuHypervisor(
                            Executables.resolve("qemu-system-x86_64"),
                            RunDirectory.of(files.dataDir()),
                            pool,
                            "auto",
                            Duration.ofSeconds(60)),
                    files);
            Agent agent = new Agent(
                    options,
                    storage,
                    vms,
                    () -> new NodeHello(
                            options.node(),
                            address,
                            SystemFacts.cpus(),
                            SystemFacts.ramMb(),
                            SystemFacts.cpusFree(),
                            SystemFacts.ramFreeMb(),
                            files.imagesDir().toString(),
                            AgentMain.class.getPackage().getImplementationVersion()),
                    Clock.systemUTC());
            agent.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close(); // the calls in hand finish first
                closeQuietly(driver); // its storage daemons go with the agent
                stop.countDown();
            }));
            stop.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            System.err.println("vmsnap agent: " + reason(e)); // one line, no stack trace, no password
            log.debug("start failed", e);
            return 1;
        }
    }
}

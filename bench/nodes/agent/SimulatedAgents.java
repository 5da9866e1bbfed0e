package org.vmsnap.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.vmsnap.node.wire.NodeHello;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.runtime.qemu.QemuHypervisor;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.storage.spi.StoredSnapshot;

/**
 * BENCH ONLY (bench/nodes/scale): many real agents ({@link Agent}: their own broker connection, node queue,
 * ledger, heartbeats) in one JVM, each over a STUB STORAGE DRIVER that keeps its images' snapshot tags in memory,
 * counts every create that finds its tag already there (a create done twice) and when calls arrived.
 */
public final class SimulatedAgents implements AutoCloseable {
    private final List<Agent> agents = new ArrayList<>();
    private final StubDriver stub = new StubDriver();

    /** What the stub saw. */
    public record Tally(long creates, long doubled, Map<Path, Set<String>> tags, long lastCreateNanos) {}

    /** Starts {@code count} agents named {@code prefix1..count}, each with a data directory under {@code root}. */
    public static SimulatedAgents start(String broker, Path root, String prefix, int count) throws Exception {
        SimulatedAgents all = new SimulatedAgents();
        for (int k = 1; k <= count; k++) {
            String name = prefix + k;
            Path dir = Files.createDirectories(root.resolve(name).resolve("images")).getParent();
            AgentOptions options = AgentOptions.parse(List.of(
                    "--node", name, "--broker", broker, "--data-dir", dir.toString(), "--heartbeat", "5",
                    "--address", "127.0.0.1"));
            NodeFiles files = new NodeFiles(dir);
            VmHandler vms = new VmHandler(
                    new QemuHypervisor("qemu-system-x86_64", files.dataDir().resolve("run"),
                            new QmpPool(Duration.ofSeconds(1)), "tcg", Duration.ofSeconds(1)),
                    files);
            Agent agent = new Agent(
                    options,
                    new StorageHandler(all.stub, files, "127.0.0.1"),
                    vms,
                    () -> new NodeHello(name, "127.0.0.1", 2, 4096, 2, 2048, files.imagesDir().toString(), "bench"),
                    Clock.systemUTC());
            agent.start();
            all.agents.add(agent);
        }
        return all;
    }

    public Tally tally() {
        return new Tally(stub.creates.sum(), stub.doubled.sum(), Map.copyOf(stub.tags), stub.lastCreate.get());
    }

    @Override
    public void close() {
        agents.forEach(Agent::close);
    }

    private static final class StubDriver implements StorageDriver {
        final Map<Path, Set<String>> tags = new ConcurrentHashMap<>();
        final LongAdder creates = new LongAdder();
        final LongAdder doubled = new LongAdder();
        final AtomicLong lastCreate = new AtomicLong();

        private Set<String> of(ImageRef image) {
            return tags.computeIfAbsent(image.path(), p -> ConcurrentHashMap.newKeySet());
        }

        @Override
        public void createImage(ImageRef image, long sizeBytes) {
            of(image);
        }

        @Override
        public void deleteImage(ImageRef image) {
            tags.remove(image.path());
        }

        @Override
        public ImageInfo inspect(ImageRef image) {
            return new ImageInfo(1 << 20, of(image).stream()
                    .map(t -> new StoredSnapshot(t, Instant.EPOCH, 0, 0))
                    .toList());
        }

        @Override
        public void createSnapshot(ImageRef image, String tag) {
            creates.increment();
            lastCreate.accumulateAndGet(System.nanoTime(), Math::max);
            if (!of(image).add(tag)) {
                doubled.increment();
            }
        }

        @Override
        public void deleteSnapshot(ImageRef image, String tag) {
            of(image).remove(tag);
        }

        @Override
        public void revertToSnapshot(ImageRef image, String tag) {}

        @Override
        public void copySnapshotInto(ImageRef source, String tag, ImageRef target) {}

        @Override
        public void discardLeftovers(ImageRef image) {}
    }
}

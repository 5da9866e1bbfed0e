package org.vmsnap.storage.qcow2;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmsnap.qemu.QmpClient;
import org.vmsnap.qemu.QmpException;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.LiveImage;

/**
 * Snapshots of an image a running QEMU holds, through that QEMU's QMP monitor: the block node is found by the
 * image's file name in {@code query-block}; {@code blockdev-snapshot-internal-sync} and
 * {@code blockdev-snapshot-delete-internal-sync} act on it. A freeze wraps the snapshot in the guest agent's
 * {@code guest-fsfreeze-freeze} / {@code guest-fsfreeze-thaw}; the thaw always runs.
 */
final class LiveSnapshots {
    private static final Logger log = LoggerFactory.getLogger(LiveSnapshots.class);

    /** A snapshot name, time and saved memory size (0: disk only) as the running QEMU lists them. */
    record Listed(String tag, Instant created, long vmStateSize) {}

    private final QmpPool pool;
    private final Duration timeout;
    private final Duration freezeTimeout;
    /** How long a guest agent may take to answer before a freeze is given up. */
    private static final Duration PING = Duration.ofSeconds(2);

    private final Map<String, String> nodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final VmStateJobs jobs;

    LiveSnapshots(QmpPool pool, Duration timeout, Duration freezeTimeout, Duration vmStateTimeout) {
        this.pool = pool;
        this.timeout = timeout;
        this.freezeTimeout = freezeTimeout;
        this.jobs = new VmStateJobs(this::call, vmStateTimeout);
    }

    /**
     * Snapshot {@code tag} of every image of one VM, with the VM's RAM and device state saved into the first
     * image: one {@code snapshot-save} job over the images' block nodes.
     */
    void saveVm(List<ImageRef> images, LiveImage live, String tag) {
        List<String> devices = freshNodes(images, live);
        jobs.run(live, "snapshot-save", tag, devices.get(0), devices);
    }

    /**
     * Every image and the VM's RAM and device state back to {@code tag}: one {@code snapshot-load} job, the memory
     * state read from the image that holds it. The VM runs afterwards ({@code cont} when QEMU left it paused). The
     * guest agent's channel is as the snapshot left it: the next agent client synchronises anew.
     */
    void loadVm(List<ImageRef> images, LiveImage live, String tag) {
        List<String> devices = freshNodes(images, live);
        String vmstate = null;
        for (int i = 0; i < images.size(); i++) {
            ImageRef image = images.get(i);
            Listed found = list(image, live).stream()
                    .filter(l -> l.tag().equals(tag))
                    .findFirst()
                    .orElseThrow(() ->
                            new StorageException("disk " + image.path().getFileName() + " has no snapshot " + tag, 1));
            if (found.vmStateSize() > 0 && vmstate == null) {
                vmstate = devices.get(i);
            }
        }
        if (vmstate == null) {
            throw new StorageException("snapshot " + tag + " holds no memory state", 1);
        }
        jobs.run(live, "snapshot-load", tag, vmstate, devices);
        if (live.agentSocket() != null) {
            pool.forget(live.agentSocket());
        }
        jobs.resume(live);
    }

    /** The images' block nodes, looked up anew: a whole-VM job must not act on a node a restart renamed. */
    private List<String> freshNodes(List<ImageRef> images, LiveImage live) {
        images.forEach(image -> nodes.remove(key(image, live)));
        return images.stream().map(image -> node(image, live)).toList();
    }

    FreezeOutcome create(ImageRef image, LiveImage live, String tag, boolean fsfreeze) {
        node(image, live); // looked up before the freeze window opens
        boolean asked = fsfreeze && live.agentSocket() != null;
        // a guest whose agent does not answer a ping within two seconds is not frozen at all: the snapshot is not
        // held up for the freeze timeout (three times: sync, freeze, thaw)
        boolean reachable = asked && answers(live.agentSocket());
        long freezeSent = System.nanoTime();
        boolean frozen = reachable && freeze(live.agentSocket());
        try {
            onNode(image, live, "blockdev-snapshot-internal-sync", tag);
        } finally {
            if (reachable) {
                thaw(live.agentSocket()); // also after a failed freeze: it may have frozen part, or late
                if (frozen) {
                    log.info(
                            "guest filesystems frozen for {} ms around snapshot {}",
                            String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - freezeSent) / 1e6),
                            tag);
                }
            }
            if (asked) {
                pool.forget(live.agentSocket()); // the channel takes one client: leave it free for others
            }
        }
        if (!fsfreeze) {
            return FreezeOutcome.NOT_ASKED;
        }
        return frozen ? FreezeOutcome.FROZEN : FreezeOutcome.FAILED;
    }

    void delete(ImageRef image, LiveImage live, String tag) {
        onNode(image, live, "blockdev-snapshot-delete-internal-sync", tag);
    }

    /**
     * Runs a snapshot command on the image's block node. The node name is remembered per monitor and image (it
     * stays while the VM runs); when QEMU no longer knows it (the VM was restarted or the disk replugged), it is
     * looked up again once.
     */
    private void onNode(ImageRef image, LiveImage live, String command, String tag) {
        String node = node(image, live);
        try {
            call(live, command, Map.of("device", node, "name", tag));
        } catch (StorageException e) {
            if (e.getMessage() == null || !e.getMessage().contains("Cannot find device")) {
                throw e;
            }
            nodes.remove(key(image, live));
            call(live, command, Map.of("device", node(image, live), "name", tag));
        }
    }

    private static String key(ImageRef image, LiveImage live) {
        return live.qmpSocket() + "\0" + image.path();
    }

    /** The image's snapshot table as the running QEMU has it (the file's own copy may lag behind). */
    List<Listed> list(ImageRef image, LiveImage live) {
        JsonNode device = device(image, live);
        List<Listed> snapshots = new ArrayList<>();
        for (JsonNode s : device.path("inserted").path("image").path("snapshots")) {
            long nanos = s.path("date-nsec").asLong();
            snapshots.add(new Listed(
                    s.path("name").asText(),
                    Instant.ofEpochSecond(s.path("date-sec").asLong(), nanos),
                    s.path("vm-state-size").asLong()));
        }
        return snapshots;
    }

    private String node(ImageRef image, LiveImage live) {
        return nodes.computeIfAbsent(
                key(image, live),
                k -> device(image, live).path("inserted").path("node-name").asText());
    }

    private JsonNode device(ImageRef image, LiveImage live) {
        Path wanted = image.path().toAbsolutePath().normalize();
        for (JsonNode device : call(live, "query-block", Map.of())) {
            JsonNode inserted = device.path("inserted");
            String file = inserted.path("image")
                    .path("filename")
                    .asText(inserted.path("file").asText(""));
            if (!file.isEmpty() && Path.of(file).toAbsolutePath().normalize().equals(wanted)) {
                return device;
            }
        }
        throw new StorageException("the running VM has no disk " + image.path().getFileName(), 1);
    }

    private JsonNode call(LiveImage live, String command, Map<String, ?> arguments) {
        return call(live, command, arguments, timeout);
    }

    private JsonNode call(LiveImage live, String command, Map<String, ?> arguments, Duration timeout) {
        QmpClient qmp;
        try {
            qmp = pool.monitor(live.qmpSocket());
        } catch (QmpException e) {
            throw new StorageException("VM's QEMU is not reachable: " + e.getMessage(), e);
        }
        try {
            return qmp.execute(command, arguments, timeout);
        } catch (QmpException e) {
            if (!e.answered()) {
                pool.forget(live.qmpSocket());
            }
            throw new StorageException(e.getMessage(), 1);
        }
    }

    /** Connects and synchronises with the agent and pings it, each within {@link #PING}; false when it is silent. */
    private boolean answers(Path agent) {
        try {
            pool.agent(agent, PING).execute("guest-ping", Map.of(), PING);
            return true;
        } catch (QmpException e) {
            log.warn("guest agent does not answer: filesystems not frozen ({})", e.getMessage());
            pool.forget(agent);
            return false;
        }
    }

    private boolean freeze(Path agent) {
        try {
            pool.agent(agent, freezeTimeout).execute("guest-fsfreeze-freeze", Map.of(), freezeTimeout);
            return true;
        } catch (QmpException e) {
            log.warn("guest filesystem freeze failed: {}", e.getMessage());
            if (!e.answered()) {
                pool.forget(agent);
            }
            return false;
        }
    }

    private void thaw(Path agent) {
        try {
            pool.agent(agent, freezeTimeout).execute("guest-fsfreeze-thaw", Map.of(), freezeTimeout);
        } catch (QmpException e) {
            log.error("guest filesystem thaw failed: {}", e.getMessage());
            if (!e.answered()) {
                pool.forget(agent);
            }
        }
    }
}

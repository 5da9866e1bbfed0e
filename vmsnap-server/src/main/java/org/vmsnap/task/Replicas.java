package org.vmsnap.task;

import static org.vmsnap.persistence.Db.utc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vmsnap.persistence.SharedDatabase;

/**
 * This process as one of the server replicas sharing the database: its id (a {@code replica} row written at
 * start), the liveness of the others, and the disks its tasks hold. A disk is held by at most one task of all
 * replicas, and a task waits for every earlier unfinished task of another replica on its disks, so the per-disk
 * submission order holds across replicas. Thread-safe: one monitor guards the held disks and the backend.
 */
@Component
class Replicas implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    private static final long RETRY_MILLIS = 200;
    /** The exit status of a replica that lost its database session (EX_TEMPFAIL: try again). */
    static final int LOST_SESSION_EXIT = 75;

    private final JdbcClient jdbc;
    private final TaskStore tasks;
    private final ReplicaBackend backend;
    private final long self;
    private final Set<Long> held = new HashSet<>();
    private final Map<String, Task> recovering = new LinkedHashMap<>();
    private volatile boolean closed;

    Replicas(DataSource dataSource, SharedDatabase database, JdbcClient jdbc, TaskStore tasks, Clock clock) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.backend = database.shared() ? new PostgresReplicaBackend(dataSource) : new SoleReplicaBackend();
        this.self = new SecureRandom().nextLong() & Long.MAX_VALUE;
        backend.register(self);
        jdbc.sql("INSERT INTO replica (id, host, pid, started_at) VALUES (?, ?, ?, ?)")
                .params(self, hostname(), ProcessHandle.current().pid(), utc(clock.instant()))
                .update();
        log.info("replica {} registered", self);
    }

    long self() {
        return self;
    }

    /**
     * Waits until the task may work on its disks: none held by another task of any replica, none with an earlier
     * unfinished task of another replica, none awaiting recovery here.
     */
    synchronized void take(String taskId, List<Long> disks) throws InterruptedException {
        while (!tryTake(taskId, disks, false)) {
            wait(RETRY_MILLIS);
        }
    }

    /** Gives the disks back and wakes the tasks of this replica that wait for them. */
    synchronized void release(List<Long> disks) {
        try {
            backend.release(disks);
        } finally {
            disks.forEach(held::remove);
            notifyAll();
        }
    }

    /**
     * Claims every unfinished task whose replica is gone, and keeps their disks from new tasks of this replica
     * until {@link #settled}. Each orphan is claimed by one replica only (compare-and-set of its
     * {@code replica_id}); a task this replica submitted itself is never one. Returns the claimed, unsettled
     * orphans (also those of earlier calls), oldest first.
     */
    synchronized List<Task> adoptOrphans() {
        if (!closed && !backend.healthy()) {
            if (shuttingDown()) {
                return List.of(); // the session went with the process (or its database) being stopped
            }
            // Its advisory locks went with the session: other replicas now see this one as gone and take over its
            // tasks. Working on would run them twice; the process stops at once, as a crash does, for its
            // supervisor (systemd's Restart=on-failure) to start it again, and the next start recovers.
            log.error("replica {} lost its database session: stopping now for a restart", self);
            Runtime.getRuntime().halt(LOST_SESSION_EXIT);
        }
        for (Long other : jdbc.sql("SELECT id FROM replica WHERE id <> ?")
                .param(self)
                .query(Long.class)
                .list()) {
            if (!backend.alive(other)) {
                List<Task> adopted = adopt(tasks.unfinishedOf(other), t -> tasks.adopt(t.id(), other, self));
                jdbc.sql("DELETE FROM replica WHERE id = ?").param(other).update();
                log.info("replica {} is gone; {} unfinished task(s) taken over", other, adopted.size());
            }
        }
        adopt(tasks.strays(), t -> tasks.adoptStray(t.id(), self));
        return List.copyOf(recovering.values());
    }

    private List<Task> adopt(List<Task> candidates, Predicate<Task> claim) {
        List<Task> adopted = candidates.stream().filter(claim).toList();
        adopted.forEach(t -> recovering.put(t.id(), t));
        return adopted;
    }

    /** Whether a task other than the orphans being settled here is queued or running on one of the disks. */
    synchronized boolean othersOn(List<Long> disks) {
        return tasks.unfinishedOn(disks, recovering.keySet());
    }

    /** Takes the disks of an adopted orphan for its recovery, without waiting; false if they are busy. */
    synchronized boolean tryTakeForRecovery(Task orphan) {
        return tryTake(orphan.id(), orphan.diskIds(), true);
    }

    /** The orphan is settled: its disks are open to new tasks again. */
    synchronized void settled(Task orphan) {
        recovering.remove(orphan.id());
        notifyAll();
    }

    private boolean tryTake(String taskId, List<Long> disks, boolean recovery) {
        for (Long disk : disks) {
            if (held.contains(disk) || (!recovery && awaitsRecovery(disk))) {
                return false;
            }
        }
        if (!backend.tryTake(self, taskId, disks)) {
            return false;
        }
        held.addAll(disks);
        return true;
    }

    private boolean awaitsRecovery(Long disk) {
        return recovering.values().stream().anyMatch(t -> t.diskIds().contains(disk));
    }

    @Override
    public void destroy() {
        closed = true;
        backend.close();
    }

    /** Whether the JVM is shutting down (no shutdown hook can be added then). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}

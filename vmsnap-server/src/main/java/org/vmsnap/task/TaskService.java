package org.vmsnap.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.access.Caller;
import org.vmsnap.shared.TimeOrderedIds;

/**
 * Asynchronous tasks: persisted before they run, run one at a time per disk in submission order (also across
 * replicas sharing the database), and logged twice (when submitted, when done). A task runs on the replica that
 * accepted it, at once when its disks are free; a replica that dies leaves its tasks to be settled by a live one.
 * Thread-safe.
 */
@Service
public class TaskService {
    private static final Logger log = LoggerFactory.getLogger(TaskService.class);
    private static final TaskOutcome INTERRUPTED =
            TaskOutcome.failed(1, "Task interrupted by a restart of the service", "");

    private final TaskStore store;
    private final TaskLogStore logStore;
    private final TaskExecutor executor;
    private final DiskLanes lanes;
    private final Replicas replicas;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, CompletableFuture<Task>> running = new ConcurrentHashMap<>();
    private final ThreadLocal<List<Runnable>> held = new ThreadLocal<>(); // see queueingAfter

    TaskService(
            TaskStore store,
            TaskLogStore logStore,
            TaskExecutor executor,
            Replicas replicas,
            TransactionTemplate tx,
            Clock clock) {
        this.store = store;
        this.logStore = logStore;
        this.executor = executor;
        this.lanes = new DiskLanes(executor);
        this.replicas = replicas;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Records the task and queues {@code work} behind earlier tasks on the same disks. Inside a transaction the
     * work is queued only after the commit, so it always sees the intent its caller wrote.
     */
    public Task submit(TaskRequest request, TaskWork work) {
        return submit(request, (SettlingWork) () -> TaskEnd.of(work.run()));
    }

    /**
     * The same for a body whose row updates belong in the transaction that records its end: one commit when it
     * ends.
     */
    public Task submit(TaskRequest request, SettlingWork work) {
        Task task = newTask(request);
        store.insert(task, request.params(), replicas.self());
        logStore.insert(line(task, TaskState.PENDING, request));
        running.put(task.id(), new CompletableFuture<>());
        DiskLanes.Job job = job(task, request, work);
        lanes.reserve(List.of(job));
        afterCommit(List.of(task), List.of(job), () -> lanes.arm(job));
        return task;
    }

    /** A task to submit with the work it runs. */
    public record Submission(TaskRequest request, SettlingWork work) {
        public Submission {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(work, "work");
        }
    }

    /**
     * {@link #submit} for many tasks at once: their rows and their log lines are written with one JDBC batch each,
     * and the work is queued in list order (per disk, as if submitted one by one), after the commit when inside a
     * transaction. Returns the tasks in list order.
     */
    public List<Task> submitAll(List<Submission> submissions) {
        if (submissions.isEmpty()) {
            return List.of();
        }
        List<Task> created = new ArrayList<>(submissions.size());
        List<Map<String, Object>> params = new ArrayList<>(submissions.size());
        List<TaskLogEntry> lines = new ArrayList<>(submissions.size());
        for (Submission s : submissions) {
            Task task = newTask(s.request());
            created.add(task);
            params.add(s.request().params());
            lines.add(line(task, TaskState.PENDING, s.request()));
        }
        store.insertAll(created, params, replicas.self());
        logStore.insertAll(lines);
        created.forEach(t -> running.put(t.id(), new CompletableFuture<>()));
        List<DiskLanes.Job> jobs = new ArrayList<>(created.size());
        for (int i = 0; i < created.size(); i++) {
            jobs.add(job(
                    created.get(i),
                    submissions.get(i).request(),
                    submissions.get(i).work()));
        }
        lanes.reserve(jobs);
        afterCommit(created, jobs, () -> lanes.armAll(jobs));
        return List.copyOf(created);
    }

    private Task newTask(TaskRequest request) {
        Caller caller = request.caller();
        return new Task(
                TaskIds.real(caller.userId(), request.automatic(), request.ownerId(), caller.dcId()),
                TimeOrderedIds.hex(32), // the HOSTKEY callback key: 84 random bits after the time
                TimeOrderedIds.uuid().toString(),
                request.kind(),
                TaskState.PENDING,
                caller.userId(),
                request.ownerId(),
                caller.dcId(),
                request.vmId(),
                request.diskIds(),
                Optional.empty(),
                clock.instant(),
                null);
    }

    private DiskLanes.Job job(Task task, TaskRequest request, SettlingWork work) {
        return new DiskLanes.Job(task.diskIds(), () -> execute(task, request, work));
    }

    /**
     * Runs {@code body}, which submits many tasks in several transactions (the scheduler's batches), and lets the
     * committed ones run when it returns rather than at each commit (their places in the lanes are taken at once):
     * their work then does not compete with the rest of the burst for the database. Nested calls join the outer one.
     */
    public <T> T queueingAfter(Supplier<T> body) {
        if (held.get() != null) {
            return body.get();
        }
        List<Runnable> enqueues = new ArrayList<>();
        held.set(enqueues);
        try {
            return body.get();
        } finally {
            held.remove();
            enqueues.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code enqueue} after the commit (at once outside a transaction); a rollback forgets the tasks and gives
     * up the places their jobs took in the lanes.
     */
    private void afterCommit(List<Task> submitted, List<DiskLanes.Job> jobs, Runnable enqueue) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            enqueueOrHold(enqueue);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    enqueueOrHold(enqueue);
                } else {
                    submitted.forEach(t -> running.remove(t.id()));
                    lanes.cancel(jobs);
                }
            }
        });
    }

    private void enqueueOrHold(Runnable enqueue) {
        List<Runnable> enqueues = held.get();
        if (enqueues != null) {
            enqueues.add(enqueue);
        } else {
            enqueue.run();
        }
    }

    /** Writes a log entry for a synchronous mutating call and returns its dummy task id. */
    public String logSync(Caller caller, long ownerId, LogInfo info) {
        String id = TaskIds.dummy(caller.userId(), ownerId, caller.dcId());
        logStore.insert(entry(id, TaskState.SUCCESS, caller.userId(), caller.username(), ownerId, caller.dcId(), info));
        return id;
    }

    /** Writes a FAILURE log entry for a call that could not start (e.g. a scheduled snapshot refused by a limit). */
    public String logFailure(Caller caller, long ownerId, LogInfo info) {
        TaskLogEntry entry = failureLine(new FailedCall(caller, ownerId, info));
        logStore.insert(entry);
        return entry.taskId();
    }

    /** A call that could not start, for {@link #logFailures}. */
    public record FailedCall(Caller caller, long ownerId, LogInfo info) {
        public FailedCall {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(info, "info");
        }
    }

    /** {@link #logFailure} for many calls, written as one JDBC batch. */
    public void logFailures(List<FailedCall> calls) {
        logStore.insertAll(calls.stream().map(this::failureLine).toList());
    }

    private TaskLogEntry failureLine(FailedCall call) {
        Caller caller = call.caller();
        String id = TaskIds.dummy(caller.userId(), call.ownerId(), caller.dcId());
        return entry(
                id, TaskState.FAILURE, caller.userId(), caller.username(), call.ownerId(), caller.dcId(), call.info());
    }

    public Optional<Task> get(String id) {
        return store.get(id);
    }

    public Optional<Task> byCallbackKey(String key) {
        return store.byCallbackKey(key);
    }

    /**
     * Runs {@code then} once the task has finished (on the task's thread; at once if it already has). Nothing runs
     * if the process stops first: callers treat it as a best-effort follow-up, not a guarantee.
     */
    public void whenDone(String id, java.util.function.Consumer<Task> then) {
        CompletableFuture<Task> done = running.get(id);
        if (done != null) {
            done.thenAccept(then);
            return;
        }
        store.get(id).filter(t -> t.state().done()).ifPresent(then);
    }

    /** Waits up to {@code max} for the task to finish and returns its latest state. */
    public Optional<Task> await(String id, Duration max) {
        CompletableFuture<Task> done = running.get(id);
        if (done != null) {
            try {
                return Optional.of(done.get(max.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                return store.get(id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return store.get(id);
            } catch (ExecutionException e) {
                return store.get(id);
            }
        }
        return store.get(id);
    }

    /** Unfinished tasks of the caller's DC that the caller may see. */
    public List<Task> pending(Caller caller) {
        return store.unfinishedInDc(caller.dcId()).stream()
                .filter(t -> caller.isAdmin() || t.userId() == caller.userId() || t.ownerId() == caller.userId())
                .toList();
    }

    /** Whether the VM has a task that is queued or running. */
    public boolean vmBusy(long vmId) {
        return store.vmBusy(vmId);
    }

    public List<TaskLogEntry> logPage(TaskLogQuery query) {
        return logStore.page(query);
    }

    public long logCount(TaskLogQuery query) {
        return logStore.count(query);
    }

    /**
     * Settles the tasks nobody runs any more: those an earlier process left unfinished, and those of replicas that
     * died. Each is claimed by exactly one live replica, recovered by {@code recovery} while it holds the task's
     * disks (no task of any replica touches them meanwhile), then marked failed. An orphan whose disks are busy is
     * kept from new tasks and settled by a later call. Call at start-up, before new tasks are accepted, and then
     * periodically; returns the tasks settled by this call.
     */
    public List<Task> settleOrphans(Consumer<Task> recovery) {
        return settleOrphans(orphan -> {
            recovery.accept(orphan);
            return Optional.empty();
        });
    }

    /** {@link #settleOrphans(Consumer)} with a recovery that may tell how the orphan really ended. */
    public List<Task> settleOrphans(Function<Task, Optional<TaskOutcome>> recovery) {
        List<Task> settled = new ArrayList<>();
        Set<Long> busy = new HashSet<>();
        for (Task orphan : replicas.adoptOrphans()) {
            if (orphan.diskIds().stream().anyMatch(busy::contains) || !replicas.tryTakeForRecovery(orphan)) {
                busy.addAll(orphan.diskIds()); // later orphans on these disks wait for this one
                continue;
            }
            try {
                settle(orphan, recovery);
            } finally {
                replicas.release(orphan.diskIds());
                replicas.settled(orphan);
            }
            settled.add(orphan);
        }
        return settled;
    }

    /**
     * Recovers the orphan and ends it with what is true: the outcome {@code recovery} found in the images (a create
     * whose snapshot exists succeeded), else a failure that changed nothing. Logged as its submission was.
     */
    private void settle(Task orphan, Function<Task, Optional<TaskOutcome>> recovery) {
        TaskOutcome outcome = INTERRUPTED;
        // Reconciling settles every intent on the disk: only safe while no other task has one there. Tasks queued
        // behind a dead replica's task (on live replicas) leave its disk as it is, for a later sync.
        if (replicas.othersOn(orphan.diskIds())) {
            log.warn(
                    "task {} ({}) of a dead replica failed; tasks are queued on its disks, which are not reconciled"
                            + " now (sync them)",
                    orphan.id(),
                    orphan.kind());
        } else {
            log.warn("task {} ({}) was interrupted; its disks will be reconciled", orphan.id(), orphan.kind());
            try {
                outcome = recovery.apply(orphan).orElse(INTERRUPTED);
            } catch (RuntimeException e) {
                log.error("recovery after task {} failed: {}", orphan.id(), e.getMessage());
            }
        }
        TaskOutcome end = outcome;
        if (store.finish(orphan.id(), end, clock.instant())) {
            logStore.submitted(orphan.id())
                    .ifPresent(line -> logStore.insert(entry(
                            line.taskId(),
                            stateOf(end),
                            line.userId(),
                            line.username(),
                            line.ownerId(),
                            line.dcId(),
                            new LogInfo(
                                    line.msg(),
                                    line.detail(),
                                    line.objectType(),
                                    line.objectName(),
                                    line.objectAlias()))));
        }
    }

    /**
     * Waits until every task this process accepted has ended, at most {@code max}; returns whether none is left. For
     * a stop: the front doors and the scheduler take no new work by then.
     */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            List<CompletableFuture<Task>> open = List.copyOf(running.values());
            if (open.isEmpty()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                CompletableFuture.allOf(open.toArray(CompletableFuture[]::new)).get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return running.isEmpty();
            } catch (ExecutionException e) {
                // a task's end failed to be recorded: it is gone from the running ones either way
            }
        }
    }

    /** What the task was asked (for recovery: which snapshot an interrupted task was about). */
    public Map<String, Object> params(Task task) {
        return store.params(task.id());
    }

    /**
     * Runs the work and records how it ended, with its log line, in one transaction. Like Celery without
     * {@code track_started}, a running task still reads PENDING until it is done.
     */
    private void execute(Task task, TaskRequest request, SettlingWork work) {
        try {
            replicas.take(task.id(), task.diskIds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the task stays unfinished, to be settled
            return;
        }
        try {
            executor.runBounded(() -> runAndFinish(task, request, work));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down before it ran: unfinished, to be settled
        } finally {
            replicas.release(task.diskIds());
        }
    }

    private void runAndFinish(Task task, TaskRequest request, SettlingWork work) {
        long started = System.nanoTime();
        TaskEnd end;
        try {
            end = work.run();
        } catch (RuntimeException e) {
            log.error("task {} failed unexpectedly", task.id(), e);
            end = TaskEnd.of(unexpected(e));
        }
        Instant now = clock.instant();
        TaskOutcome outcome = settleAndFinish(task, request, end, now);
        TaskState state = stateOf(outcome);
        CompletableFuture<Task> done = running.remove(task.id());
        if (done != null) {
            done.complete(task.finished(state, outcome, now));
        }
        log.debug("task {} {} done in {} ms", task.id(), task.kind(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Writes the body's rows and the task's end in one transaction; returns the outcome recorded. */
    private TaskOutcome settleAndFinish(Task task, TaskRequest request, TaskEnd end, Instant now) {
        try {
            tx.executeWithoutResult(status -> {
                end.settle().run();
                finish(task, request, end.outcome(), now);
            });
            return end.outcome();
        } catch (RuntimeException e) {
            // the rows stay as the task marked them (a later sync or recovery settles them); the task still ends
            log.error("task {}: recording its end failed", task.id(), e);
            TaskOutcome failed = unexpected(e);
            tx.executeWithoutResult(status -> finish(task, request, failed, now));
            return failed;
        }
    }

    private void finish(Task task, TaskRequest request, TaskOutcome outcome, Instant now) {
        if (store.finish(task.id(), outcome, now)) {
            logStore.insert(line(task, stateOf(outcome), request));
        }
    }

    private static TaskState stateOf(TaskOutcome outcome) {
        return outcome.success() ? TaskState.SUCCESS : TaskState.FAILURE;
    }

    private static TaskOutcome unexpected(RuntimeException e) {
        return TaskOutcome.failed(1, "Task failed: " + e.getClass().getSimpleName(), "");
    }

    /** The task's log line in {@code state} (written when it is submitted and when it ends). */
    private TaskLogEntry line(Task task, TaskState state, TaskRequest request) {
        return entry(
                task.id(),
                state,
                task.userId(),
                request.caller().username(),
                task.ownerId(),
                task.dcId(),
                request.log());
    }

    private TaskLogEntry entry(
            String taskId, TaskState state, long userId, String username, long ownerId, long dcId, LogInfo info) {
        Instant now = clock.instant();
        return new TaskLogEntry(
                0,
                now,
                taskId,
                state,
                userId,
                username,
                ownerId,
                dcId,
                info.msg(),
                info.detail(),
                info.objectType(),
                info.objectName(),
                info.objectAlias(),
                TaskLogEntry.flagOf(info.msg()));
    }
}

package org.vmsnap.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.vmsnap.shared.AlreadyExistsException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskService;

/**
 * {@link SnapshotService#createAll}: the creates of a batch checked together ({@link BatchChecks}), their intents
 * written with one JDBC batch and their tasks with another ({@link TaskService#submitAll}). As for one create, the
 * intent rows are in the transaction that queues the tasks, so no image is touched before its intent is recorded.
 */
@Component
class CreateBatch {
    private final BatchChecks checks;
    private final SnapshotStore store;
    private final SnapshotWorker worker;
    private final TaskService tasks;
    private final Clock clock;
    private final TransactionTemplate savepoint;

    CreateBatch(
            BatchChecks checks,
            SnapshotStore store,
            SnapshotWorker worker,
            TaskService tasks,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.checks = checks;
        this.store = store;
        this.worker = worker;
        this.tasks = tasks;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Needs the caller's transaction. */
    List<CreateOutcome> create(List<CreateSnapshotCall> calls) {
        CreateOutcome[] outcomes = new CreateOutcome[calls.size()];
        List<BatchChecks.Target> passing = checks.passing(calls, (i, e) -> outcomes[i] = new CreateOutcome.Refused(e));
        Instant now = clock.instant();
        List<Snapshot> intents = passing.stream()
                .map(t -> CreateSteps.intent(t.vm(), t.disk(), t.call().command(), t.fsfreeze(), now))
                .toList();
        Long[] ids = insert(intents);
        List<TaskService.Submission> submissions = new ArrayList<>();
        List<BatchChecks.Target> submitted = new ArrayList<>();
        for (int k = 0; k < passing.size(); k++) {
            BatchChecks.Target t = passing.get(k);
            if (ids[k] == null) {
                outcomes[t.index()] = new CreateOutcome.Refused(new AlreadyExistsException(ObjectKind.SNAPSHOT));
                continue;
            }
            long id = ids[k];
            String tag = Snapshot.tagFor(id);
            submissions.add(new TaskService.Submission(
                    CreateSteps.request(
                            t.call().caller(), t.vm(), t.disk(), t.call().command()),
                    () -> worker.create(t.disk(), id, tag, t.fsfreeze())));
            submitted.add(t);
        }
        List<Task> started = tasks.submitAll(submissions);
        for (int k = 0; k < started.size(); k++) {
            outcomes[submitted.get(k).index()] = new CreateOutcome.Started(started.get(k));
        }
        return List.of(outcomes);
    }

    /**
     * The ids of the rows, null where the name turned out taken after all (a create of the same name committed
     * since the check): then the rows are written one by one, each in a savepoint, so the others still go in.
     */
    private Long[] insert(List<Snapshot> intents) {
        Long[] ids = new Long[intents.size()];
        try {
            List<Long> all = savepoint.execute(s -> store.insertAll(intents));
            return all.toArray(ids);
        } catch (DuplicateKeyException raced) {
            for (int k = 0; k < intents.size(); k++) {
                Snapshot intent = intents.get(k);
                try {
                    ids[k] = savepoint.execute(s -> store.insert(intent));
                } catch (DuplicateKeyException e) {
                    ids[k] = null;
                }
            }
            return ids;
        }
    }
}

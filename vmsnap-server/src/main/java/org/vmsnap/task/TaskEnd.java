package org.vmsnap.task;

import java.util.Objects;

/**
 * How a task body ended: the outcome the user sees, and the row updates that settle what the body changed. The
 * updates run in the transaction that records the task's end, so a task ends with one commit and its rows and its
 * state are never seen apart.
 *
 * @param outcome how it went
 * @param settle database writes only (the images are done with); runs once, in that transaction
 */
public record TaskEnd(TaskOutcome outcome, Runnable settle) {
    private static final Runnable NOTHING = () -> {};

    public TaskEnd {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(settle, "settle");
    }

    /** An end with nothing left to write. */
    public static TaskEnd of(TaskOutcome outcome) {
        return new TaskEnd(outcome, NOTHING);
    }

    /** This end's writes, then {@code next}'s, with {@code next}'s outcome. */
    public TaskEnd then(TaskEnd next) {
        Runnable first = settle;
        return new TaskEnd(next.outcome(), () -> {
            first.run();
            next.settle().run();
        });
    }
}

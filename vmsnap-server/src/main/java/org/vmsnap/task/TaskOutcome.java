package org.vmsnap.task;

import java.util.Objects;

/**
 * How a task ended, in the words the user sees.
 *
 * @param returnCode 0 on success, the failing program's code (or 1) otherwise
 * @param message one sentence
 * @param detail extra information, may be empty
 */
public record TaskOutcome(boolean success, int returnCode, String message, String detail) {
    public TaskOutcome {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
    }

    public static TaskOutcome ok(String message) {
        return new TaskOutcome(true, 0, message, "");
    }

    public static TaskOutcome failed(int returnCode, String message, String detail) {
        return new TaskOutcome(false, returnCode == 0 ? 1 : returnCode, message, detail);
    }
}

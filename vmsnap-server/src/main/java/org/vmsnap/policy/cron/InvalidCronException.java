package org.vmsnap.policy.cron;

/**
 * Schedule text that {@link CronValidation} refuses. The message is exactly the Danube validator's message (for
 * example {@code Incorrect value in 3. column.}), so a front door can put {@link #getMessage()} straight into its
 * field errors.
 */
public final class InvalidCronException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidCronException(String message) {
        super(message);
    }
}

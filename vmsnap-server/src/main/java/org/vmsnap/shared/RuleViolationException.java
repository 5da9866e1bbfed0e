package org.vmsnap.shared;

/** A precondition of the requested operation does not hold; nothing was changed. */
public final class RuleViolationException extends VmsnapException {
    private final Rule rule;

    public RuleViolationException(Rule rule) {
        super(rule.name());
        this.rule = rule;
    }

    /** With a readable message (what logs show, e.g. the task log of a refused scheduled snapshot). */
    public RuleViolationException(Rule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}

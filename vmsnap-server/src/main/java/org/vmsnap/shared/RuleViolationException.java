package org.vmsnap.shared;

/** A precondition of the requested operation does not hold; nothing was changed. */
public final class RuleViolationException extends VmsnapException {
    private final Rule rule;

    public RuleViolationException(Rule rule) {
        super(rule.name());
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}

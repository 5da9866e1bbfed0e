package org.vmsnap.task;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.LoginFailed;

/**
 * Failed password logins go to the task log (the audit log): by the system user, on the account the login named
 * (or the name given), with the client's address. Written after the login's own transaction, which the failure rolls
 * back, in a transaction of its own.
 */
@Component
class LoginAudit {
    private final TaskService tasks;
    private final AccessService access;

    LoginAudit(TaskService tasks, AccessService access) {
        this.tasks = tasks;
        this.access = access;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onFailure(LoginFailed failure) {
        Caller system = access.systemCallerFor(failure.userId());
        String detail = "login='%s', address='%s'%s"
                .formatted(failure.login(), failure.address(), failure.throttled() ? ", throttled" : "");
        tasks.logFailure(
                system,
                failure.userId() == null ? system.userId() : failure.userId(),
                new LogInfo("Failed login", detail, "user", failure.login(), failure.login()));
    }
}

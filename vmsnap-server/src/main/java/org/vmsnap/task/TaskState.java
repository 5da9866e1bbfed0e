package org.vmsnap.task;

/** Task states, named as Celery (and so Danube) names them. */
public enum TaskState {
    PENDING,
    STARTED,
    SUCCESS,
    FAILURE,
    REVOKED;

    public boolean done() {
        return this == SUCCESS || this == FAILURE || this == REVOKED;
    }
}

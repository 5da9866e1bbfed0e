package org.vmsnap.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The calls this agent has in hand or answered lately, by the id the control plane gave each (its correlation id).
 * A call may arrive twice: the broker hands out again what a lost connection left unacknowledged, and the control
 * plane sends again what a broker restart may have lost. A copy that arrives while the first runs waits for it, and
 * a copy of a call answered lately gets the same answer: the work is done once. Across a restart of the agent the
 * broker marks the copy redelivered and the handlers look before they act. Thread-safe.
 *
 * @param <T> the answer
 */
final class CallLedger<T> {
    private final Map<String, CompletableFuture<T>> byId;

    /** Remembers the newest {@code capacity} calls. */
    CallLedger(int capacity) {
        this.byId = Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<T>> eldest) {
                return size() > capacity && eldest.getValue().isDone();
            }
        });
    }

    /**
     * Runs {@code call} unless a call with this id ran or runs; returns its answer. {@code call} must not throw (a
     * failure is an answer too). A null id (a message without one) is always run.
     */
    T once(String id, Supplier<T> call) {
        if (id == null) {
            return call.get();
        }
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> first = byId.putIfAbsent(id, mine);
        if (first != null) {
            return first.join();
        }
        T answer = call.get();
        mine.complete(answer);
        return answer;
    }
}

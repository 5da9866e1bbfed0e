package org.vmsnap.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A call that arrives twice is carried out once: the copy waits for the first, or gets its answer. */
class CallLedgerTest {
    private final CallLedger<String> ledger = new CallLedger<>(2);
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void aCopyOfAnAnsweredCallGetsTheSameAnswerWithoutRunning() {
        assertThat(ledger.once("a", () -> "done " + runs.incrementAndGet())).isEqualTo("done 1");
        assertThat(ledger.once("a", () -> "done " + runs.incrementAndGet())).isEqualTo("done 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCopyArrivingWhileTheFirstRunsWaitsForItsAnswer() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> ledger.once("b", () -> {
            running.countDown();
            await(release);
            return "first " + runs.incrementAndGet();
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> copy =
                CompletableFuture.supplyAsync(() -> ledger.once("b", () -> "copy " + runs.incrementAndGet()));
        assertThat(copy).isNotDone();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first 1");
        assertThat(copy.get(10, TimeUnit.SECONDS)).isEqualTo("first 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void callsWithoutAnIdAlwaysRunAndOldAnswersAreForgotten() {
        ledger.once(null, () -> "n" + runs.incrementAndGet());
        ledger.once(null, () -> "n" + runs.incrementAndGet());
        assertThat(runs).hasValue(2);
        for (String id : new String[] {"x", "y", "z"}) {
            ledger.once(id, () -> id);
        }
        assertThat(ledger.once("x", () -> "again"))
                .as("x was the eldest of three, two remembered")
                .isEqualTo("again");
        assertThat(ledger.once("z", () -> "again")).isEqualTo("z");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

package org.vmsnap.task;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiskLanesTest {
    /** How long a job that should run may take to get there. */
    private static final long LONG = 10;
    /** How long to watch for a job that must not start (no sleeping: a bounded await that should time out). */
    private static final long SHORT_MS = 100;

    private ExecutorService pool;
    /** One permit per job whose body and bookkeeping are both finished. */
    private final Semaphore completed = new Semaphore(0);

    private DiskLanes lanes;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** What escaped job bodies on the pool threads (failed assertions inside a body land here). */
    private final List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lane-test");
            t.setUncaughtExceptionHandler((thread, e) -> escaped.add(e));
            return t;
        });
        lanes = new DiskLanes(r -> pool.execute(() -> {
            try {
                r.run();
            } finally {
                completed.release();
            }
        }));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(LONG, SECONDS)).isTrue();
        assertThat(escaped).noneMatch(AssertionError.class::isInstance);
    }

    private void submit(List<Long> disks, Runnable body) {
        DiskLanes.Job job = new DiskLanes.Job(disks, body);
        lanes.reserve(List.of(job));
        lanes.arm(job);
    }

    /** A job that logs its start, waits for {@code gate}, then logs its end. */
    private Runnable gated(String name, CountDownLatch started, CountDownLatch gate) {
        return () -> {
            events.add(name + "+");
            started.countDown();
            try {
                assertThat(gate.await(LONG, SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(name + "-");
        };
    }

    private void awaitCompleted(int jobs) throws InterruptedException {
        assertThat(completed.tryAcquire(jobs, LONG, SECONDS))
                .as("%d jobs completed", jobs)
                .isTrue();
    }

    @Test
    void jobsOnOneDiskRunOneAtATimeInSubmissionOrder() throws InterruptedException {
        int n = 20;
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        submit(List.of(1L), gated("first", firstStarted, gate));
        assertThat(firstStarted.await(LONG, SECONDS)).isTrue();
        for (int i = 0; i < n; i++) {
            int index = i;
            submit(List.of(1L), () -> {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                order.add(index);
                inside.decrementAndGet();
            });
        }
        assertThat(lanes.depth(1)).isEqualTo(n + 1);
        assertThat(order).isEmpty();

        gate.countDown();
        awaitCompleted(n + 1);

        assertThat(order)
                .containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(maxInside).hasValue(1);
        assertThat(lanes.depth(1)).isZero();
    }

    @Test
    void aLaterJobOnTheSameDiskWaitsForTheRunningOne() throws InterruptedException {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch aGate = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        submit(List.of(1L), gated("a", aStarted, aGate));
        submit(List.of(1L), gated("b", bStarted, new CountDownLatch(0)));
        assertThat(aStarted.await(LONG, SECONDS)).isTrue();
        assertThat(bStarted.await(SHORT_MS, MILLISECONDS)).isFalse();

        aGate.countDown();
        assertThat(bStarted.await(LONG, SECONDS)).isTrue();
        awaitCompleted(2);
        assertThat(events).containsExactly("a+", "a-", "b+", "b-");
    }

    @Test
    void jobsOnDifferentDisksRunAtTheSameTime() throws InterruptedException {
        CountDownLatch bothInside = new CountDownLatch(2);
        List<Boolean> sawTheOther = Collections.synchronizedList(new ArrayList<>());
        Runnable body = () -> {
            bothInside.countDown();
            try {
                // Only returns true if the other job is inside its body while this one still is.
                sawTheOther.add(bothInside.await(LONG, SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        submit(List.of(1L), body);
        submit(List.of(2L), body);
        awaitCompleted(2);
        assertThat(sawTheOther).containsExactly(true, true);
    }

    @Test
    void aJobOnTwoDisksWaitsForBothLanesAndBlocksBoth() throws InterruptedException {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch aGate = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch bGate = new CountDownLatch(1);
        CountDownLatch cStarted = new CountDownLatch(1);
        CountDownLatch cGate = new CountDownLatch(1);
        CountDownLatch dStarted = new CountDownLatch(1);
        CountDownLatch eStarted = new CountDownLatch(1);
        CountDownLatch laterBothInside = new CountDownLatch(2);
        List<Boolean> sawTheOther = Collections.synchronizedList(new ArrayList<>());

        submit(List.of(1L), gated("a", aStarted, aGate));
        submit(List.of(2L), gated("b", bStarted, bGate));
        assertThat(aStarted.await(LONG, SECONDS)).isTrue();
        assertThat(bStarted.await(LONG, SECONDS)).isTrue();

        submit(List.of(1L, 2L), gated("c", cStarted, cGate));
        submit(List.of(1L), meeting("d", dStarted, laterBothInside, sawTheOther));
        submit(List.of(2L), meeting("e", eStarted, laterBothInside, sawTheOther));
        assertThat(lanes.depth(1)).isEqualTo(3);
        assertThat(lanes.depth(2)).isEqualTo(3);
        assertThat(cStarted.await(SHORT_MS, MILLISECONDS)).isFalse();

        aGate.countDown();
        // Disk 1 is free now, but c also needs disk 2, and d must not overtake c on disk 1.
        assertThat(cStarted.await(SHORT_MS, MILLISECONDS)).isFalse();
        assertThat(dStarted.getCount()).isOne();

        bGate.countDown();
        assertThat(cStarted.await(LONG, SECONDS)).isTrue();
        assertThat(dStarted.await(SHORT_MS, MILLISECONDS)).isFalse();
        assertThat(eStarted.getCount()).isOne();

        cGate.countDown();
        awaitCompleted(5);

        assertThat(events.indexOf("c+")).isGreaterThan(events.indexOf("a-")).isGreaterThan(events.indexOf("b-"));
        assertThat(events.indexOf("d+")).isGreaterThan(events.indexOf("c-"));
        assertThat(events.indexOf("e+")).isGreaterThan(events.indexOf("c-"));
        // Once c is done, d (disk 1) and e (disk 2) run side by side.
        assertThat(sawTheOther).containsExactly(true, true);
        assertThat(events).hasSize(10);
        assertThat(lanes.depth(1)).isZero();
        assertThat(lanes.depth(2)).isZero();
    }

    /** A job that logs its start, waits until all parties of {@code meeting} are inside their bodies, logs its end. */
    private Runnable meeting(String name, CountDownLatch started, CountDownLatch meeting, List<Boolean> met) {
        return () -> {
            events.add(name + "+");
            started.countDown();
            meeting.countDown();
            try {
                met.add(meeting.await(LONG, SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(name + "-");
        };
    }

    @Test
    void anExceptionInAJobDoesNotStallItsLane() throws InterruptedException {
        CountDownLatch afterRan = new CountDownLatch(2);
        submit(List.of(1L), () -> {
            throw new IllegalStateException("boom");
        });
        submit(List.of(1L), afterRan::countDown);
        submit(List.of(1L, 2L), () -> {
            throw new IllegalStateException("boom on two disks");
        });
        submit(List.of(2L), afterRan::countDown);

        assertThat(afterRan.await(LONG, SECONDS)).isTrue();
        awaitCompleted(4);
        assertThat(lanes.depth(1)).isZero();
        assertThat(lanes.depth(2)).isZero();
    }

    @Test
    void depthCountsQueuedAndRunningJobsPerDisk() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        assertThat(lanes.depth(7)).isZero();
        submit(List.of(7L), gated("a", started, gate));
        submit(List.of(7L, 8L), () -> {});
        assertThat(started.await(LONG, SECONDS)).isTrue();
        assertThat(lanes.depth(7)).isEqualTo(2);
        assertThat(lanes.depth(8)).isEqualTo(1);
        gate.countDown();
        awaitCompleted(2);
        assertThat(lanes.depth(7)).isZero();
        assertThat(lanes.depth(8)).isZero();
    }

    @Test
    void aBatchQueuesBehindEarlierJobsInListOrderPerDisk() throws InterruptedException {
        CountDownLatch xStarted = new CountDownLatch(1);
        CountDownLatch xGate = new CountDownLatch(1);
        submit(List.of(2L), gated("x", xStarted, xGate));
        assertThat(xStarted.await(LONG, SECONDS)).isTrue();
        CountDownLatch bDone = new CountDownLatch(1);
        List<DiskLanes.Job> batch = List.of(
                new DiskLanes.Job(List.of(1L), () -> events.add("a")),
                new DiskLanes.Job(List.of(1L), () -> {
                    events.add("b");
                    bDone.countDown();
                }),
                new DiskLanes.Job(List.of(2L), () -> events.add("c")),
                new DiskLanes.Job(List.of(1L, 2L), () -> events.add("d")));
        lanes.reserve(batch);
        lanes.armAll(batch);
        assertThat(bDone.await(LONG, SECONDS))
                .as("disk 1 runs while disk 2 is busy")
                .isTrue();
        assertThat(events).containsExactly("x+", "a", "b");
        assertThat(lanes.depth(2)).as("x running, c and d queued").isEqualTo(3);
        xGate.countDown();
        awaitCompleted(6); // x, the batch's starter, a, b, c, d
        assertThat(events).containsExactly("x+", "a", "b", "x-", "c", "d");
        assertThat(lanes.depth(1)).isZero();
        assertThat(lanes.depth(2)).isZero();
    }

    @Test
    void aReservedJobHoldsItsPlaceUntilArmedAndACancelledOneGivesItUp() throws InterruptedException {
        DiskLanes.Job first = new DiskLanes.Job(List.of(3L), () -> events.add("first"));
        DiskLanes.Job cancelled = new DiskLanes.Job(List.of(3L, 4L), () -> events.add("cancelled"));
        lanes.reserve(List.of(first, cancelled));
        CountDownLatch laterDone = new CountDownLatch(1);
        submit(List.of(3L), () -> {
            events.add("later");
            laterDone.countDown();
        });
        assertThat(laterDone.await(SHORT_MS, MILLISECONDS))
                .as("a job submitted later waits behind the reserved ones")
                .isFalse();
        assertThat(lanes.depth(3)).isEqualTo(3);
        lanes.arm(first);
        lanes.cancel(List.of(cancelled));
        assertThat(laterDone.await(LONG, SECONDS)).isTrue();
        awaitCompleted(2);
        assertThat(events).containsExactly("first", "later");
        assertThat(lanes.depth(3)).isZero();
        assertThat(lanes.depth(4)).isZero();
    }
}

package org.vmsnap.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock of the servers the integration tests start in-process: it reads {@link #START} when the test JVM
 * begins and runs on at the real pace from there. Schedules, expiries and token lifetimes are thus computed from
 * the same date on every run, whatever today is, while the order of events still follows real time.
 */
public final class TestClock {
    /** The instant the servers' clock shows when the test JVM starts: a Thursday in spring, far from a year's end. */
    public static final Instant START = Instant.parse("2031-04-03T10:00:00Z");

    /** One clock for the whole test JVM, so that every context and every test reads the same time. */
    public static final Clock CLOCK = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), START));

    private TestClock() {}

    /** What the servers' clock shows now. */
    public static Instant now() {
        return CLOCK.instant();
    }
}

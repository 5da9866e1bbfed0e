package org.vmsnap.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.vmsnap.shared.ThrottledException;

/** The backoff's arithmetic on a clock the test moves. */
class LoginThrottleTest {
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2031-04-03T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Moving clock = new Moving();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private long waitFor(String account, String address) {
        try {
            throttle.check(account, address);
            return 0;
        } catch (ThrottledException e) {
            return e.retryAfterSeconds();
        }
    }

    @Test
    void fiveFailuresAreFreeThenEachDoublesTheWaitUpToHalfAMinuteFromOneAddress() {
        for (int i = 0; i < LoginThrottle.FREE; i++) {
            assertThat(waitFor("alice", "10.0.0.9")).isZero();
            throttle.failed("alice", "10.0.0.9");
        }
        long[] expected = {1, 2, 4, 8, 16, 30, 30, 30};
        for (long wait : expected) {
            assertThat(waitFor("alice", "10.0.0.9")).isEqualTo(wait);
            clock.now = clock.now.plusSeconds(wait);
            assertThat(waitFor("alice", "10.0.0.9")).isZero();
            throttle.failed("alice", "10.0.0.9");
        }
        assertThatThrownBy(() -> throttle.check("ALICE", "10.0.0.9"))
                .as("account names are matched without case")
                .isInstanceOf(ThrottledException.class)
                .hasMessage("Request was throttled. Expected available in 30 seconds.");
    }

    @Test
    void theOwnerElsewhereWaitsSecondsAtMostAndASuccessClearsTheAccount() {
        for (int i = 0; i < 20; i++) {
            clock.now = clock.now.plusSeconds(31);
            throttle.failed("bob", "198.51.100.1");
        }
        assertThat(waitFor("bob", "198.51.100.1")).isEqualTo(30);
        assertThat(waitFor("bob", "192.0.2.7"))
                .as("another address: only the account's short backoff")
                .isEqualTo(LoginThrottle.ACCOUNT_CAP.toSeconds());
        clock.now = clock.now.plus(LoginThrottle.ACCOUNT_CAP);
        assertThat(waitFor("bob", "192.0.2.7")).isZero();
        throttle.succeeded("bob", "192.0.2.7");
        assertThat(waitFor("bob", "192.0.2.7")).isZero();
        assertThat(waitFor("bob", "198.51.100.1"))
                .as("the attacker's pair still waits")
                .isPositive();
        assertThat(waitFor("carol", "198.51.100.1"))
                .as("other accounts from that address are free")
                .isZero();
    }

    @Test
    void failuresAreForgottenAfterAQuietQuarterHour() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("dave", "10.0.0.1");
        }
        assertThat(waitFor("dave", "10.0.0.1")).isPositive();
        clock.now = clock.now.plus(LoginThrottle.FORGET).plus(Duration.ofSeconds(1));
        assertThat(waitFor("dave", "10.0.0.1")).isZero();
        throttle.failed("dave", "10.0.0.1");
        assertThat(waitFor("dave", "10.0.0.1")).as("counting starts again").isZero();
    }
}

package org.vmsnap.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.vmsnap.shared.ThrottledException;

/**
 * Backoff after failed password logins, kept per account and address, and per account. Each key allows
 * {@value #FREE} failures, then waits twice as long after each further one: up to {@link #PAIR_CAP} for an account
 * from one address (an attacker's), but only {@link #ACCOUNT_CAP} for an account from everywhere, so failures from
 * elsewhere can delay its owner by seconds, never lock them out. Not per address alone: behind a proxy every client
 * has the proxy's. A success clears the account's counts; counts are forgotten after {@link #FORGET} without
 * failures. In memory, per replica. Thread-safe.
 */
@Component
class LoginThrottle {
    static final int FREE = 5;
    static final Duration PAIR_CAP = Duration.ofSeconds(30);
    static final Duration ACCOUNT_CAP = Duration.ofSeconds(5);
    static final Duration FORGET = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last) {}

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Refuses an attempt that comes before its backoff ended, without looking at the password. */
    void check(String account, String address) {
        Instant now = clock.instant();
        long wait = Math.max(
                waitSeconds(pairKey(account, address), PAIR_CAP, now),
                waitSeconds(accountKey(account), ACCOUNT_CAP, now));
        if (wait > 0) {
            throw new ThrottledException(wait);
        }
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            failures.values().removeIf(f -> f.last().plus(FORGET).isBefore(now));
        }
        for (String key : new String[] {pairKey(account, address), accountKey(account)}) {
            failures.merge(
                    key,
                    new Failures(1, now),
                    (old, one) -> old.last().plus(FORGET).isBefore(now) ? one : new Failures(old.count() + 1, now));
        }
    }

    void succeeded(String account, String address) {
        failures.remove(pairKey(account, address));
        failures.remove(accountKey(account));
    }

    private long waitSeconds(String key, Duration cap, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.count() < FREE || f.last().plus(FORGET).isBefore(now)) {
            return 0;
        }
        long backoff = Math.min(1L << Math.min(f.count() - FREE, 20), cap.toSeconds());
        long left = Duration.between(now, f.last().plusSeconds(backoff)).toMillis();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    private static String pairKey(String account, String address) {
        return "p\0" + account.toLowerCase(Locale.ROOT) + "\0" + address;
    }

    private static String accountKey(String account) {
        return "u\0" + account.toLowerCase(Locale.ROOT);
    }
}

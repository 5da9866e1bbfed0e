package org.vmsnap.shared;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Identifiers that start with the time they were made, then random bits: rows keyed by them are inserted next to
 * each other at the end of their indexes instead of all over them, so a commit rewrites a few index pages rather
 * than one per row (which dominated H2's cost of inserting tasks and snapshots). What follows the time is random
 * (from a {@link SecureRandom}): 74 bits in a UUID, {@code 4 * (digits - 11)} in a hex id.
 */
public final class TimeOrderedIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    /** An RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits. */
    public static UUID uuid() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** {@code hexDigits} lowercase hex digits: 11 of Unix milliseconds (good until year 2527), then random ones. */
    public static String hex(int hexDigits) {
        if (hexDigits < 20) {
            throw new IllegalArgumentException("at least 20 hex digits (9 random) are needed, got " + hexDigits);
        }
        StringBuilder s = new StringBuilder(hexDigits);
        String time = Long.toHexString(System.currentTimeMillis());
        s.append("0".repeat(Math.max(0, 11 - time.length()))).append(time);
        while (s.length() < hexDigits) {
            s.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return s.toString();
    }
}

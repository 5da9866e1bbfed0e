package org.vmsnap.policy.cron;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed five-field cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in UTC with
 * Vixie-cron meaning. Immutable and thread-safe.
 *
 * <p>Fields: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-7 (0 and 7 are Sunday). Each
 * accepts {@code *}, numbers, ranges and lists, with an optional step ({@code *}{@code /15}, {@code 1-10/3}, {@code
 * 5/10} = 5 to the maximum by 10); see {@link CronValidation} for the accepted text and the error messages.
 *
 * <p>Day rule, as in Vixie cron's {@code cron.c}: a day-of-month or day-of-week column whose text starts with
 * {@code *} sets that field's "star" flag. If either flag is set, a day must match <em>both</em> fields (so {@code 0 0
 * *}{@code /2 * 1} fires on Mondays that fall on an odd day of the month, and {@code 0 0 * * 1} on every Monday);
 * only when neither is set does a day match if <em>either</em> matches ({@code 0 0 1 * 1}: the 1st of every month
 * and every Monday).
 */
public final class CronSchedule {
    /** 400 Gregorian years repeat exactly (146,097 days = 20,871 weeks): nothing in them means never. */
    static final int HORIZON_YEARS = 400;

    private static final Instant FIRST = LocalDateTime.MIN.toInstant(ZoneOffset.UTC);
    private static final Instant LAST =
            LocalDateTime.MAX.minusYears(HORIZON_YEARS + 1).toInstant(ZoneOffset.UTC);

    private final String text;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final boolean dayStar;
    private final boolean weekdayStar;
    /** Index = weekday of the 1st of a month (0 = Sunday); bit d set = day d of that month has a listed weekday. */
    private final long[] weekdaysByFirst = new long[7];

    private final boolean neverFires;

    private CronSchedule(String text, CronValidation.Valid valid) {
        this.text = text;
        long[] masks = valid.masks();
        this.minutes = masks[0];
        this.hours = masks[1];
        this.daysOfMonth = masks[2];
        this.months = masks[3];
        long weekdays = (masks[4] | (masks[4] >>> 7)) & 0x7f; // 7 is Sunday too
        this.dayStar = valid.stars()[2];
        this.weekdayStar = valid.stars()[4];
        for (int first = 0; first < 7; first++) {
            for (int day = 1; day <= 31; day++) {
                if ((weekdays & (1L << ((first + day - 1) % 7))) != 0) {
                    weekdaysByFirst[first] |= 1L << day;
                }
            }
        }
        this.neverFires = !dayStar && weekdayStar && !anyMonthHasListedDay();
    }

    /**
     * Parses {@code text}, which must pass {@link CronValidation} unchanged.
     *
     * @throws InvalidCronException with the first validation message
     */
    public static CronSchedule parse(String text) {
        CronValidation.Parsed parsed = CronValidation.parse(text);
        if (parsed instanceof CronValidation.Invalid invalid) {
            throw new InvalidCronException(invalid.message());
        }
        return new CronSchedule(text, (CronValidation.Valid) parsed);
    }

    /**
     * The first whole UTC minute strictly after {@code after} that matches, found field by field (month, then day
     * from bit masks, then hour, then minute), so even a leap-day schedule costs a few dozen steps.
     *
     * @return empty when nothing matches within 400 years, which means never: only a day-of-month
     *     that none of the listed months has ({@code 0 0 30 2 *}, {@code 0 0 31 4,6 *}) — such text is valid cron and
     *     is accepted, so callers treat empty as "never fires". Also empty within that horizon of {@link
     *     LocalDateTime#MAX}.
     */
    public Optional<Instant> next(Instant after) {
        Objects.requireNonNull(after, "after");
        if (neverFires || after.isAfter(LAST)) {
            return Optional.empty();
        }
        LocalDateTime start = LocalDateTime.ofInstant(after.isBefore(FIRST) ? FIRST : after, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        return search(start).map(t -> t.toInstant(ZoneOffset.UTC));
    }

    /**
     * Whether the UTC minute containing {@code instant} matches (seconds are ignored).
     *
     * @throws java.time.DateTimeException if {@code instant} is outside {@link LocalDateTime}'s range
     */
    public boolean matches(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return has(minutes, t.getMinute())
                && has(hours, t.getHour())
                && has(months, t.getMonthValue())
                && has(days(t.getYear(), t.getMonthValue()), t.getDayOfMonth());
    }

    private Optional<LocalDateTime> search(LocalDateTime start) {
        int year = start.getYear();
        int month = start.getMonthValue();
        int day = start.getDayOfMonth();
        int hour = start.getHour();
        int minute = start.getMinute();
        int lastYear = year + HORIZON_YEARS;
        while (year <= lastYear) {
            if (!has(months, month)) {
                int next = nextBit(months, month + 1);
                year += next < 0 ? 1 : 0;
                month = next < 0 ? Long.numberOfTrailingZeros(months) : next;
                day = 1;
                hour = 0;
                minute = 0;
                continue;
            }
            int d = nextBit(days(year, month), day);
            if (d < 0) {
                month++; // 13 is never in the mask: the branch above rolls the year
                day = 1;
                hour = 0;
                minute = 0;
                continue;
            }
            if (d != day) {
                day = d;
                hour = 0;
                minute = 0;
            }
            int h = nextBit(hours, hour);
            if (h < 0) {
                day++; // past the month's end: no bit, so the month advances
                hour = 0;
                minute = 0;
                continue;
            }
            if (h != hour) {
                hour = h;
                minute = 0;
            }
            int m = nextBit(minutes, minute);
            if (m >= 0) {
                return Optional.of(LocalDateTime.of(year, month, day, hour, m));
            }
            hour++;
            minute = 0;
        }
        return Optional.empty();
    }

    /** Bit d set = day d of that month matches the day rule. */
    private long days(int year, int month) {
        int length = Month.of(month).length(Year.isLeap(year));
        long valid = ((1L << (length + 1)) - 1) & ~1L;
        int first = LocalDate.of(year, month, 1).getDayOfWeek().getValue() % 7;
        long byDay = daysOfMonth & valid;
        long byWeekday = weekdaysByFirst[first] & valid;
        return dayStar || weekdayStar ? byDay & byWeekday : byDay | byWeekday;
    }

    /** Only day-of-month decides: it fires iff some listed month is long enough (February counts as 29 days). */
    private boolean anyMonthHasListedDay() {
        for (Month month : Month.values()) {
            long valid = ((1L << (month.maxLength() + 1)) - 1) & ~1L;
            if (has(months, month.getValue()) && (daysOfMonth & valid) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(long mask, int bit) {
        return (mask & (1L << bit)) != 0;
    }

    /** Lowest set bit at or above {@code from}, or -1. */
    private static int nextBit(long mask, int from) {
        long rest = from >= 64 ? 0 : mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    /** The text exactly as parsed. */
    @Override
    public String toString() {
        return text;
    }

    /** Equal when the texts are equal ({@code 0 0 * * 0} and {@code 0 0 * * 7} are different texts). */
    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}

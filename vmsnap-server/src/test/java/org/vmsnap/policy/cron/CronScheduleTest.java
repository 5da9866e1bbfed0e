package org.vmsnap.policy.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    // Calendar facts used below: 2024-01-01 is a Monday, 2024-02-01 a Thursday, 2024-03-10 a Sunday,
    // Feb 1 is a Monday in 2021, 2027 and 2038; 2100 is not a leap year.
    @ParameterizedTest(name = "[{index}] {0} after {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "* * * * *        | 2024-03-10T10:15:00Z       | 2024-03-10T10:16:00Z",
                "* * * * *        | 2024-03-10T10:15:30.5Z     | 2024-03-10T10:16:00Z",
                "* * * * *        | 2024-03-10T10:15:59.999Z   | 2024-03-10T10:16:00Z",
                "*/15 * * * *     | 2024-03-10T10:15:00Z       | 2024-03-10T10:30:00Z",
                "*/15 * * * *     | 2024-03-10T10:14:59Z       | 2024-03-10T10:15:00Z",
                "*/15 * * * *     | 2024-03-10T10:46:00Z       | 2024-03-10T11:00:00Z",
                "*/15 * * * *     | 2024-12-31T23:50:00Z       | 2025-01-01T00:00:00Z",
                "30 4 * * *       | 2024-03-10T03:00:00Z       | 2024-03-10T04:30:00Z",
                "30 4 * * *       | 2024-03-10T04:30:00Z       | 2024-03-11T04:30:00Z",
                "30 4 * * *       | 2024-02-28T05:00:00Z       | 2024-02-29T04:30:00Z",
                "30 4 * * *       | 2023-02-28T05:00:00Z       | 2023-03-01T04:30:00Z",
                // OR rule: the 1st of the month or any Monday
                "0 0 1 * 1        | 2024-01-01T00:00:00Z       | 2024-01-08T00:00:00Z",
                "0 0 1 * 1        | 2024-01-29T00:00:00Z       | 2024-02-01T00:00:00Z",
                "0 0 1 * 1        | 2024-02-01T00:00:00Z       | 2024-02-05T00:00:00Z",
                // star rule: */2 starts with '*', so AND: a Monday on an odd day of the month
                "0 0 */2 * 1      | 2023-12-31T12:00:00Z       | 2024-01-01T00:00:00Z",
                "0 0 */2 * 1      | 2024-01-01T00:00:00Z       | 2024-01-15T00:00:00Z",
                "0 0 */2 * 1      | 2024-01-15T00:00:00Z       | 2024-01-29T00:00:00Z",
                "0 0 1-31 * 1     | 2024-01-02T00:00:00Z       | 2024-01-03T00:00:00Z",
                "0 0 * * 1        | 2024-01-02T00:00:00Z       | 2024-01-08T00:00:00Z",
                "0 0 */2 * *      | 2024-01-31T00:00:00Z       | 2024-02-01T00:00:00Z",
                // AND with a single day-of-month: 1 Feb on a Monday, 11 years apart from 2027 to 2038
                "0 0 */31 2 1     | 2021-02-02T00:00:00Z       | 2027-02-01T00:00:00Z",
                "0 0 */31 2 1     | 2027-02-01T00:00:00Z       | 2038-02-01T00:00:00Z",
                // Sunday is 0 and 7
                "0 0 * * 7        | 2024-01-01T00:00:00Z       | 2024-01-07T00:00:00Z",
                "0 0 * * 0        | 2024-01-01T00:00:00Z       | 2024-01-07T00:00:00Z",
                "0 0 * * 5-7      | 2024-01-01T00:00:00Z       | 2024-01-05T00:00:00Z",
                "0 0 * * 6-7      | 2024-01-06T00:00:00Z       | 2024-01-07T00:00:00Z",
                "0 0 * * */7      | 2024-03-10T00:00:00Z       | 2024-03-17T00:00:00Z",
                // leap day
                "0 0 29 2 *       | 2024-03-01T00:00:00Z       | 2028-02-29T00:00:00Z",
                "0 0 29 2 *       | 2024-02-28T23:59:00Z       | 2024-02-29T00:00:00Z",
                "0 0 29 2 *       | 2096-03-01T00:00:00Z       | 2104-02-29T00:00:00Z",
                // month and year rollover
                "* * * * *        | 2024-12-31T23:59:00Z       | 2025-01-01T00:00:00Z",
                "59 23 31 12 *    | 2024-12-31T23:59:00Z       | 2025-12-31T23:59:00Z",
                "0 0 1 1 *        | 2024-12-31T23:59:00Z       | 2025-01-01T00:00:00Z",
                "0 0 * 1 *        | 2024-02-01T00:00:00Z       | 2025-01-01T00:00:00Z",
                // 31st: skip the 30-day months
                "0 12 31 * *      | 2024-03-31T12:00:00Z       | 2024-05-31T12:00:00Z",
                "0 12 31 * *      | 2024-05-31T12:00:00Z       | 2024-07-31T12:00:00Z",
                "0 12 31 * *      | 2024-07-31T12:00:00Z       | 2024-08-31T12:00:00Z",
                "0 12 31 * *      | 2024-01-31T11:59:59Z       | 2024-01-31T12:00:00Z",
                "0 0 31 * *       | 2024-01-31T00:00:00Z       | 2024-03-31T00:00:00Z",
                // steps
                "5/10 * * * *     | 2024-03-10T10:55:00Z       | 2024-03-10T11:05:00Z",
                "1-10/3 * * * *   | 2024-03-10T10:07:00Z       | 2024-03-10T10:10:00Z",
                "1-10/3 * * * *   | 2024-03-10T10:10:00Z       | 2024-03-10T11:01:00Z",
                "0 */6 * * *      | 2024-03-10T18:00:00Z       | 2024-03-11T00:00:00Z",
                "0 0 1 */3 *      | 2024-01-01T00:00:00Z       | 2024-04-01T00:00:00Z",
                "1,5-10/2 * * * * | 2024-03-10T10:01:00Z       | 2024-03-10T10:05:00Z",
                "1,5-10/2 * * * * | 2024-03-10T10:09:00Z       | 2024-03-10T11:01:00Z",
                // hours and minutes that skip within a matching day
                "15,45 9-17 * * 1-5 | 2024-03-08T17:45:00Z     | 2024-03-11T09:15:00Z",
                "0 0 * * *        | 1969-12-31T23:59:59Z       | 1970-01-01T00:00:00Z"
            })
    void nextFire(String expression, Instant after, Instant expected) {
        CronSchedule schedule = CronSchedule.parse(expression);

        assertThat(schedule.next(after)).contains(expected);
        assertThat(schedule.matches(expected)).isTrue();
        assertThat(schedule.matches(expected.plusSeconds(59))).isTrue();
        Instant minuteBefore = expected.minusSeconds(60);
        if (minuteBefore.isAfter(after)) {
            assertThat(schedule.matches(minuteBefore)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 30 2 *", "0 0 31 2 *", "0 0 31 4,6,9,11 *", "* * 30-31 2 *", "0 0 31 2,4 */1"})
    void neverFiringScheduleIsValidButHasNoNextFire(String expression) {
        CronSchedule schedule = CronSchedule.parse(expression);

        assertThat(schedule.next(Instant.parse("2024-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void aRestrictedWeekdayRescuesADayThatNoMonthHas() {
        // neither column starts with '*': OR, so Mondays of February and April fire
        CronSchedule schedule = CronSchedule.parse("0 0 31 2,4 1");

        assertThat(schedule.next(Instant.parse("2024-01-01T00:00:00Z")))
                .contains(Instant.parse("2024-02-05T00:00:00Z"));
    }

    @Test
    void nextIsFastForSparseSchedules() {
        CronSchedule leapDay = CronSchedule.parse("0 0 29 2 *");
        CronSchedule never = CronSchedule.parse("0 0 30 2 *");
        Instant start = Instant.parse("2096-03-01T00:00:00Z");

        long began = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            assertThat(leapDay.next(start.plus(Duration.ofMinutes(i)))).isPresent();
            assertThat(never.next(start)).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void extremeInstantsDoNotThrow() {
        CronSchedule schedule = CronSchedule.parse("0 0 1 1 *");

        assertThat(schedule.next(Instant.MAX)).isEmpty();
        assertThat(schedule.next(Instant.MIN)).isPresent();
    }

    @Test
    void matchesIgnoresSecondsAndChecksEveryField() {
        CronSchedule schedule = CronSchedule.parse("30 4 1 * 1");

        assertThat(schedule.matches(Instant.parse("2024-01-01T04:30:59.999Z"))).isTrue();
        assertThat(schedule.matches(Instant.parse("2024-01-08T04:30:00Z"))).isTrue(); // a Monday
        assertThat(schedule.matches(Instant.parse("2024-02-01T04:30:00Z"))).isTrue(); // the 1st
        assertThat(schedule.matches(Instant.parse("2024-01-09T04:30:00Z"))).isFalse();
        assertThat(schedule.matches(Instant.parse("2024-01-01T04:31:00Z"))).isFalse();
        assertThat(schedule.matches(Instant.parse("2024-01-01T05:30:00Z"))).isFalse();
    }

    @Test
    void keepsTheTextAndComparesByIt() {
        assertThat(CronSchedule.parse("0 0 * * 7")).hasToString("0 0 * * 7");
        assertThat(CronSchedule.parse("*/15 1-5 * * *")).isEqualTo(CronSchedule.parse("*/15 1-5 * * *"));
        assertThat(CronSchedule.parse("0 0 * * 7")).isNotEqualTo(CronSchedule.parse("0 0 * * 0"));
    }
}

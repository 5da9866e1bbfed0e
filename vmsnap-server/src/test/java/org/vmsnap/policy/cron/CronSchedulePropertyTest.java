package org.vmsnap.policy.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * next() against a brute-force minute-by-minute search driven by an independent model: the generator writes each
 * column's text and, separately, the values that text must select.
 */
class CronSchedulePropertyTest {
    private static final int EXPRESSIONS = 2_000;
    private static final long BOUND_MINUTES = 2L * 366 * 24 * 60;

    /** One column: its text and, indexed by value, whether the text selects it. */
    private record Column(String text, boolean[] values) {}

    /** The five columns and an oracle for one minute. */
    private record Model(Column[] columns) {
        String text() {
            List<String> texts = new ArrayList<>();
            for (Column c : columns) {
                texts.add(c.text());
            }
            return String.join(" ", texts);
        }

        boolean dayMatches(LocalDate date) {
            int weekday = date.getDayOfWeek().getValue() % 7;
            boolean[] dows = columns[4].values();
            boolean byDay = columns[2].values()[date.getDayOfMonth()];
            boolean byWeekday = dows[weekday] || (weekday == 0 && dows[7]);
            boolean star =
                    columns[2].text().startsWith("*") || columns[4].text().startsWith("*");
            return columns[3].values()[date.getMonthValue()] && (star ? byDay && byWeekday : byDay || byWeekday);
        }

        boolean matches(LocalDateTime t) {
            return columns[0].values()[t.getMinute()]
                    && columns[1].values()[t.getHour()]
                    && dayMatches(t.toLocalDate());
        }
    }

    @Test
    void nextAgreesWithBruteForce() {
        Random random = new Random(20_261_122L);
        int fired = 0;
        for (int i = 0; i < EXPRESSIONS; i++) {
            Model model = randomModel(random);
            CronSchedule schedule = CronSchedule.parse(model.text());
            Instant after = randomInstant(random);
            Optional<Instant> next = schedule.next(after);
            Optional<LocalDateTime> expected = bruteForce(model, after);

            String what = model.text() + " after " + after;
            if (expected.isPresent()) {
                fired++;
                Instant fire = expected.get().toInstant(ZoneOffset.UTC);
                assertThat(next).as(what).contains(fire);
                assertThat(schedule.matches(fire)).as(what).isTrue();
                assertNoMatchBetween(schedule, after, fire, random, what);
            } else {
                Instant bound = after.plus(BOUND_MINUTES, ChronoUnit.MINUTES);
                next.ifPresent(n -> assertThat(n).as(what).isAfter(bound));
            }
            for (int k = 0; k < 20; k++) {
                Instant probe = randomInstant(random);
                assertThat(schedule.matches(probe))
                        .as(what + " matches " + probe)
                        .isEqualTo(model.matches(LocalDateTime.ofInstant(probe, ZoneOffset.UTC)));
            }
        }
        assertThat(fired).isGreaterThan(EXPRESSIONS * 3 / 4);
    }

    private static void assertNoMatchBetween(
            CronSchedule schedule, Instant after, Instant fire, Random random, String what) {
        Instant first = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        long gap = ChronoUnit.MINUTES.between(first, fire);
        for (int k = 0; k < Math.min(gap, 50); k++) {
            Instant probe = first.plus(random.nextLong(gap), ChronoUnit.MINUTES);
            assertThat(schedule.matches(probe)).as(what + " matches " + probe).isFalse();
        }
    }

    /** Every minute strictly after {@code after}, up to the bound; the day test is the model's, once per day. */
    private static Optional<LocalDateTime> bruteForce(Model model, Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDate date = t.toLocalDate();
        int minuteOfDay = t.getHour() * 60 + t.getMinute();
        boolean[] minutes = model.columns()[0].values();
        boolean[] hours = model.columns()[1].values();
        for (long examined = 0; examined < BOUND_MINUTES; date = date.plusDays(1), minuteOfDay = 0) {
            boolean day = model.dayMatches(date);
            for (; minuteOfDay < 1440 && examined < BOUND_MINUTES; minuteOfDay++, examined++) {
                if (day && hours[minuteOfDay / 60] && minutes[minuteOfDay % 60]) {
                    return Optional.of(date.atTime(minuteOfDay / 60, minuteOfDay % 60));
                }
            }
        }
        return Optional.empty();
    }

    private static Model randomModel(Random random) {
        return new Model(new Column[] {
            column(random, 0, 59, 4),
            column(random, 0, 23, 4),
            column(random, 1, 31, 2),
            column(random, 1, 12, 2),
            column(random, 0, 7, 2)
        });
    }

    /** Higher {@code starBias} = more often a bare {@code *}. */
    private static Column column(Random random, int min, int max, int starBias) {
        boolean[] values = new boolean[max + 1];
        int kind = random.nextInt(6 + starBias);
        if (kind >= 6) {
            fill(values, min, max, 1);
            return new Column("*", values);
        }
        if (kind == 0) {
            int step = 1 + random.nextInt(max);
            fill(values, min, max, step);
            return new Column("*/" + step, values);
        }
        if (kind < 5) {
            return new Column(item(random, min, max, kind, values), values);
        }
        List<String> items = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            items.add(item(random, min, max, n == 1 ? 1 + random.nextInt(4) : 1 + random.nextInt(2), values));
        }
        return new Column(String.join(",", items), values);
    }

    /** kind 1: number, 2: range, 3: range with step, 4: number with step (to the maximum). */
    private static String item(Random random, int min, int max, int kind, boolean[] values) {
        int low = min + random.nextInt(max - min + 1);
        int high = low + random.nextInt(max - low + 1);
        int step = 1 + random.nextInt(max - min + 1);
        switch (kind) {
            case 1:
                values[low] = true;
                return Integer.toString(low);
            case 2:
                fill(values, low, high, 1);
                return low + "-" + high;
            case 3:
                fill(values, low, high, step);
                return low + "-" + high + "/" + step;
            default:
                fill(values, low, max, step);
                return low + "/" + step;
        }
    }

    private static void fill(boolean[] values, int from, int to, int step) {
        for (int v = from; v <= to; v += step) {
            values[v] = true;
        }
    }

    private static Instant randomInstant(Random random) {
        long from = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2090-01-01T00:00:00Z").getEpochSecond();
        Instant instant = Instant.ofEpochSecond(from + random.nextLong(to - from), random.nextInt(1_000_000_000));
        // a quarter of the starts sit in the last minutes of a month, where rollovers happen
        if (random.nextInt(4) == 0) {
            LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
            instant = date.withDayOfMonth(date.lengthOfMonth())
                    .atTime(23, 50 + random.nextInt(10))
                    .toInstant(ZoneOffset.UTC);
        }
        return instant;
    }
}

package org.vmsnap.policy.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulePresetsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "hourly  | (\\d+) \\* \\* \\* \\*            | 24",
                "daily   | (\\d+) (\\d+) \\* \\* \\*         | 30",
                "weekly  | (\\d+) (\\d+) \\* \\* (\\d+)      | 12",
                "monthly | (\\d+) (\\d+) (\\d+) \\* \\*      | 6"
            })
    void presetShapesRangesAndRetention(String name, String shape, int retention) {
        Random random = new Random(42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            SchedulePresets.Preset preset =
                    SchedulePresets.forName(name, random).orElseThrow();

            assertThat(preset.retention()).isEqualTo(retention);
            assertThat(preset.schedule()).matches(shape);
            String[] columns = preset.schedule().split(" ");
            assertThat(Integer.parseInt(columns[0])).isBetween(0, 59);
            if (!name.equals("hourly")) {
                assertThat(Integer.parseInt(columns[1])).isBetween(0, 23);
            }
            if (name.equals("weekly")) {
                assertThat(Integer.parseInt(columns[4])).isBetween(0, 6);
            }
            if (name.equals("monthly")) {
                assertThat(Integer.parseInt(columns[2])).isBetween(1, 28);
            }
            assertThat(CronValidation.validate(preset.schedule())).isEmpty();
            assertThat(CronSchedule.parse(preset.schedule())).hasToString(preset.schedule());
            seen.add(preset.schedule());
        }
        assertThat(seen).as("the draws vary").hasSizeGreaterThan(20);
    }

    @Test
    void drawsEveryValueOfEachRange() {
        Random random = new Random(7);
        Set<Integer> minutes = new HashSet<>();
        Set<Integer> weekdays = new HashSet<>();
        Set<Integer> days = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String[] weekly = SchedulePresets.forName("weekly", random)
                    .orElseThrow()
                    .schedule()
                    .split(" ");
            String[] monthly = SchedulePresets.forName("monthly", random)
                    .orElseThrow()
                    .schedule()
                    .split(" ");
            minutes.add(Integer.parseInt(weekly[0]));
            weekdays.add(Integer.parseInt(weekly[4]));
            days.add(Integer.parseInt(monthly[2]));
        }
        assertThat(minutes).hasSize(60);
        assertThat(weekdays).hasSize(7);
        assertThat(days).hasSize(28).doesNotContain(0, 29, 30, 31);
    }

    @Test
    void sameSeedSameSchedules() {
        assertThat(SchedulePresets.forName("daily", new Random(1)))
                .isEqualTo(SchedulePresets.forName("daily", new Random(1)));
    }

    @Test
    void drawsInDanubesOrderMinuteHourDay() {
        Random expected = new Random(99);
        int minute = expected.nextInt(0, 60);
        int hour = expected.nextInt(0, 24);
        int day = expected.nextInt(1, 29);

        assertThat(SchedulePresets.forName("monthly", new Random(99)))
                .contains(new SchedulePresets.Preset(minute + " " + hour + " " + day + " * *", 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Hourly", "DAILY", "weekly ", "yearly", "daily1", "h"})
    void otherNamesHaveNoPreset(String name) {
        assertThat(SchedulePresets.forName(name, new Random(1))).isEmpty();
    }
}

package org.vmsnap.api.danube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStreamerIntervalTest {

    @ParameterizedTest(name = "after {0} ms wait {1} s")
    @CsvSource({
        "0, 1",
        "999, 1",
        "4999, 1",
        "5000, 3",
        "29999, 3",
        "30000, 6",
        "59999, 6",
        "60000, 12",
        "1199999, 12",
        "1200000, 30",
        "3599000, 30",
        "86400000, 30"
    })
    void danubePollIntervals(long elapsedMillis, long expectedSeconds) {
        assertThat(TaskStreamer.interval(Duration.ofMillis(elapsedMillis)))
                .isEqualTo(Duration.ofSeconds(expectedSeconds));
    }
}

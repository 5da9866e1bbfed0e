package org.vmsnap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retention bounds and Danube's validator words for them. */
class RetentionBoundsTest {
    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "0, 65536, 0, -",
                "0, 65536, 65536, -",
                "0, 65536, 65537, Ensure this value is less than or equal to 65536.",
                "1, 5, 0, Ensure this value is greater than or equal to 1.",
                "1, 5, 5, -",
                "1, 5, 6, Ensure this value is less than or equal to 5."
            })
    void violation(long min, long max, long value, String expected) {
        assertThat(new RetentionBounds(min, max).violation(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"-1, 5", "3, 2"})
    void badBoundsAreRefused(long min, long max) {
        assertThatThrownBy(() -> new RetentionBounds(min, max)).isInstanceOf(IllegalArgumentException.class);
    }
}

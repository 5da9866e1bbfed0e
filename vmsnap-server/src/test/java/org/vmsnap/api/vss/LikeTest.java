package org.vmsnap.api.vss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LikeTest {
    @ParameterizedTest
    @CsvSource({
        "'%er 2', 'later 2', true",
        "'%er 2', 'later 20', false",
        "'%ER 2', 'Later 2', true",
        "'a%b%c', 'abc', true",
        "'a%b%c', 'aXbYc', true",
        "'a%b%c', 'acb', false",
        "'a%a', 'a', false",
        "'a%a', 'aa', true",
        "'%', '', true",
        "'%%', 'anything', true",
        "'abc', 'xxABCxx', true",
        "'abc', 'ab', false",
        "'ab%', 'abc', true",
        "'%bc', 'abc', true",
        "'%b%', 'abc', true",
        "'%x%', 'abc', false",
        "'a%bc%bc', 'abcbc', true",
        "'a%bc%bc', 'abc', false",
    })
    void matchesAsSqlLikeWithPercentOnly(String pattern, String text, boolean expected) {
        assertThat(Like.of(pattern).matches(text)).isEqualTo(expected);
    }

    /** Four wildcards over 300 characters used to take minutes of backtracking; now it is a few searches. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void manyWildcardsOverLongTextDoNotBacktrack() {
        String text = "a".repeat(300);
        for (int i = 0; i < 10_000; i++) {
            assertThat(Like.of("%a%a%a%a%b").matches(text)).isFalse();
        }
    }

    @Test
    void longValuesAreRefused() {
        assertThatThrownBy(() -> Like.of("%".repeat(257))).isInstanceOf(VssBadRequest.class);
        assertThat(Like.of("x".repeat(256)).matches("x".repeat(256))).isTrue();
    }
}

package org.vmsnap.api.danube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DanubeParamsTest {

    private static DanubeParams params(String key, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(key, value);
        return new DanubeParams(map);
    }

    @ParameterizedTest
    @ValueSource(strings = {"t", "T", "true", "True", "TRUE", "1"})
    void knownTrueSpellings(String value) {
        assertThat(params("full", value).bool("full", false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"f", "F", "false", "False", "FALSE", "0"})
    void knownFalseSpellings(String value) {
        assertThat(params("full", value).bool("full", true)).isFalse();
    }

    static Stream<Arguments> pythonTruthiness() {
        return Stream.of(
                Arguments.of("", false),
                Arguments.of("yes", true),
                Arguments.of("no", true),
                Arguments.of(" ", true),
                Arguments.of("tRuE", true),
                Arguments.of(0, false),
                Arguments.of(0L, false),
                Arguments.of(0.0, false),
                Arguments.of(1, true),
                Arguments.of(-3, true),
                Arguments.of(0.5, true),
                Arguments.of(true, true),
                Arguments.of(false, false),
                Arguments.of(List.of(), false),
                Arguments.of(List.of(0), true),
                Arguments.of(Map.of(), false),
                Arguments.of(Map.of("a", 1), true));
    }

    @ParameterizedTest
    @MethodSource
    void pythonTruthiness(Object value, boolean expected) {
        assertThat(params("full", value).bool("full", !expected)).isEqualTo(expected);
    }

    @Test
    void nullIsFalseAndAbsentGivesTheFallback() {
        assertThat(params("full", null).bool("full", true)).isFalse();
        assertThat(new DanubeParams(Map.of()).bool("full", true)).isTrue();
        assertThat(new DanubeParams(Map.of()).bool("full", false)).isFalse();
    }

    static Stream<Arguments> wholeNumbers() {
        return Stream.of(
                Arguments.of("1", 1L),
                Arguments.of(" 2 ", 2L),
                Arguments.of("+7", 7L),
                Arguments.of("-3", -3L),
                Arguments.of("007", 7L),
                Arguments.of(5, 5L),
                Arguments.of(12L, 12L));
    }

    @ParameterizedTest
    @MethodSource
    void wholeNumbers(Object value, long expected) {
        assertThat(params("n", value).integer("n")).contains(expected);
    }

    static Stream<Arguments> notWholeNumbers() {
        return Stream.of(
                Arguments.of("1.5"),
                Arguments.of("abc"),
                Arguments.of(""),
                Arguments.of("1 2"),
                Arguments.of("0x10"),
                Arguments.of(true),
                Arguments.of(false),
                Arguments.of(1.0),
                Arguments.of(1.5),
                Arguments.of(List.of(1)),
                Arguments.of(Map.of("a", 1)));
    }

    @ParameterizedTest
    @MethodSource
    void notWholeNumbers(Object value) {
        DanubeParams p = params("n", value);
        assertThatThrownBy(() -> p.integer("n")).isInstanceOf(NumberFormatException.class);
    }

    /** Python 2.7's {@code int()} (Danube's) takes no underscores; Python 3 only takes them between digits. */
    @ParameterizedTest
    @ValueSource(strings = {"_1", "1_", "1__0", "_", "+_1"})
    void underscoresAreNotDigits(String value) {
        DanubeParams p = params("n", value);
        assertThatThrownBy(() -> p.integer("n")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void integerIsEmptyWhenAbsentOrNull() {
        assertThat(new DanubeParams(Map.of()).integer("n")).isEmpty();
        assertThat(params("n", null).integer("n")).isEmpty();
    }

    static Stream<Arguments> pythonStr() {
        return Stream.of(
                Arguments.of(true, "True"),
                Arguments.of(false, "False"),
                Arguments.of(1.0, "1.0"),
                Arguments.of(2.5, "2.5"),
                Arguments.of(3, "3"),
                Arguments.of("x", "x"));
    }

    @ParameterizedTest
    @MethodSource
    void pythonStr(Object value, String expected) {
        assertThat(params("k", value).string("k")).contains(expected);
    }

    @Test
    void stringIsEmptyWhenAbsentOrNull() {
        assertThat(new DanubeParams(Map.of()).string("k")).isEmpty();
        assertThat(params("k", null).string("k")).isEmpty();
    }

    @Test
    void hasAndRawSeeExplicitNulls() {
        DanubeParams p = params("k", null);
        assertThat(p.has("k")).isTrue();
        assertThat(p.raw("k")).isNull();
        assertThat(p.has("other")).isFalse();
    }

    @Test
    void laterChangesToTheSourceMapAreNotSeen() {
        Map<String, Object> source = new HashMap<>();
        source.put("k", "1");
        DanubeParams p = new DanubeParams(source);
        source.put("k", "2");
        source.put("j", "3");
        assertThat(p.integer("k")).contains(1L);
        assertThat(p.has("j")).isFalse();
    }
}

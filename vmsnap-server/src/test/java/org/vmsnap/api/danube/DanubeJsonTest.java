package org.vmsnap.api.danube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DanubeJsonTest {
    @ParameterizedTest
    @CsvSource({
        "2012-01-22T23:23:23.465Z, 2012-01-22T23:23:23.465000Z",
        "2012-01-22T23:23:23.000001Z, 2012-01-22T23:23:23.000001Z",
        "2012-01-22T23:23:23.123456Z, 2012-01-22T23:23:23.123456Z",
        "2012-01-22T23:23:23Z, 2012-01-22T23:23:23Z",
        "2012-01-22T00:00:00Z, 2012-01-22T00:00:00Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        // Python datetimes have no nanoseconds: below a microsecond counts as zero.
        "2012-01-22T23:23:23.000000999Z, 2012-01-22T23:23:23Z",
        "2012-01-22T23:23:23.123456789Z, 2012-01-22T23:23:23.123456Z"
    })
    void timeIsPythonIsoformatInUtc(String instant, String expected) {
        assertThat(DanubeJson.time(Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void timeOfNullIsNull() {
        assertThat(DanubeJson.time(null)).isNull();
    }

    private static Map<String, Object> body() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("name", "snap1");
        inner.put("size", 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "SUCCESS");
        body.put("result", List.of(inner, "x"));
        body.put("task_id", "1e1d1-6f75849b-564b-4be3-bff0");
        body.put("empty_list", List.of());
        body.put("empty_map", Map.of());
        body.put("none", null);
        body.put("flag", true);
        return body;
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"application/json", "*/*", "application/json; indent=0"})
    void compactWithoutIndent(String accept) {
        assertThat(DanubeJson.write(body(), accept))
                .isEqualTo("{\"status\":\"SUCCESS\",\"result\":[{\"name\":\"snap1\",\"size\":0},\"x\"],"
                        + "\"task_id\":\"1e1d1-6f75849b-564b-4be3-bff0\",\"empty_list\":[],\"empty_map\":{},"
                        + "\"none\":null,\"flag\":true}");
    }

    @Test
    void indentFourLikePythonJsonDumps() {
        String expected = """
                {
                    "status": "SUCCESS",
                    "result": [
                        {
                            "name": "snap1",
                            "size": 0
                        },
                        "x"
                    ],
                    "task_id": "1e1d1-6f75849b-564b-4be3-bff0",
                    "empty_list": [],
                    "empty_map": {},
                    "none": null,
                    "flag": true
                }""";
        assertThat(DanubeJson.write(body(), "application/json; indent=4")).isEqualTo(expected);
    }

    @Test
    void indentTwo() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("a", List.of(1, 2));
        assertThat(DanubeJson.write(body, "application/json;indent=2"))
                .isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ]\n}");
    }

    @Test
    void emptyContainersAtTheTopLevel() {
        assertThat(DanubeJson.write(List.of(), "application/json; indent=4")).isEqualTo("[]");
        assertThat(DanubeJson.write(Map.of(), "application/json; indent=4")).isEqualTo("{}");
    }

    @Test
    void emptyContainersNestedInAList() {
        assertThat(DanubeJson.write(List.of(List.of(), Map.of()), "application/json; indent=4"))
                .isEqualTo("[\n    [],\n    {}\n]");
    }

    @Test
    void printerIsReusableAcrossCalls() {
        String first = DanubeJson.write(Map.of("a", List.of()), "application/json; indent=4");
        String second = DanubeJson.write(Map.of("a", List.of()), "application/json; indent=4");
        assertThat(first).isEqualTo("{\n    \"a\": []\n}").isEqualTo(second);
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(DanubeJson.write(Map.of("note", "a\"b\\c"), null)).isEqualTo("{\"note\":\"a\\\"b\\\\c\"}");
    }

    @Test
    void indentWithoutEmptyContainers() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "SUCCESS");
        body.put("result", List.of("a", "b"));
        assertThat(DanubeJson.write(body, "application/json; indent=4"))
                .isEqualTo(
                        "{\n    \"status\": \"SUCCESS\",\n    \"result\": [\n        \"a\",\n        \"b\"\n    ]\n}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; indent=abc", "application/json; indent=", "text/html"})
    void unusableIndentMeansCompact(String accept) {
        assertThat(DanubeJson.write(Map.of("a", 1), accept)).isEqualTo("{\"a\":1}");
    }

    /** Danube's renderer clamps the indent: {@code max(min(int(params['indent']), 8), 0)}. */
    @Test
    void indentIsClampedToEight() {
        assertThat(DanubeJson.write(Map.of("a", 1), "application/json; indent=12"))
                .isEqualTo("{\n" + " ".repeat(8) + "\"a\": 1\n}");
    }

    /** Danube's renderer escapes U+2028 and U+2029 so the JSON stays a JavaScript subset; other text stays raw. */
    @Test
    void lineSeparatorsAreEscaped() {
        assertThat(DanubeJson.write(Map.of("note", "a\u2028b\u2029c é"), null))
                .isEqualTo("{\"note\":\"a\\u2028b\\u2029c é\"}");
    }
}

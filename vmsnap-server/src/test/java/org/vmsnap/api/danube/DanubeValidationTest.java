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
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

class DanubeValidationTest {

    private static DanubeParams params(String key, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(key, value);
        return new DanubeParams(map);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "snap1", "A.b_c-d", "0", "xxxxxxxxxxxxxxxxxxxxxxxx"})
    void validNamesRecordNothing(String name) {
        DanubeValidation v = new DanubeValidation();
        v.name("name", name, 24);
        assertThat(v.ok()).isTrue();
        assertThat(v.errors()).isEmpty();
    }

    @Test
    void missingNameIsRequired() {
        DanubeValidation v = new DanubeValidation();
        v.name("name", null, 24);
        v.name("other", "", 24);
        assertThat(v.ok()).isFalse();
        assertThat(v.errors())
                .containsExactly(
                        Map.entry("name", List.of("This field is required.")),
                        Map.entry("other", List.of("This field is required.")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-snap", ".snap", "_snap", "my snap", "snap/1", "snäp", "a:b"})
    void badNameIsInvalidValue(String name) {
        DanubeValidation v = new DanubeValidation();
        v.name("name", name, 24);
        assertThat(v.errors()).containsExactly(Map.entry("name", List.of("Invalid value.")));
    }

    @Test
    void tooLongNameSaysHowLong() {
        DanubeValidation v = new DanubeValidation();
        v.name("name", "a".repeat(30), 24);
        assertThat(v.errors())
                .containsExactly(
                        Map.entry("name", List.of("Ensure this value has at most 24 characters (it has 30).")));
    }

    @Test
    void tooLongAndInvalidGivesBothMessagesInOrder() {
        DanubeValidation v = new DanubeValidation();
        v.name("name", "-" + "a".repeat(29), 24);
        assertThat(v.errors().get("name"))
                .containsExactly("Ensure this value has at most 24 characters (it has 30).", "Invalid value.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<", ">", "%", "$", "&", ";", "'", "\"", "a<b", "note; rm", "it's"})
    void safeTextRejectsForbiddenCharacters(String text) {
        DanubeValidation v = new DanubeValidation();
        v.safeText("note", text);
        assertThat(v.errors()).containsExactly(Map.entry("note", List.of("Invalid value.")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "before upgrade", "v1.2 (test) #3 @home!*+=-/?", "x"})
    void safeTextAcceptsOrdinaryText(String text) {
        DanubeValidation v = new DanubeValidation();
        v.safeText("note", text);
        assertThat(v.ok()).isTrue();
    }

    @Test
    void safeTextIsLimitedTo128Characters() {
        DanubeValidation ok = new DanubeValidation();
        ok.safeText("note", "n".repeat(128));
        assertThat(ok.ok()).isTrue();

        DanubeValidation tooLong = new DanubeValidation();
        tooLong.safeText("note", "n".repeat(129));
        assertThat(tooLong.errors())
                .containsExactly(
                        Map.entry("note", List.of("Ensure this value has at most 128 characters (it has 129).")));
    }

    static Stream<Arguments> integerFields() {
        return Stream.of(
                Arguments.of("3", null),
                Arguments.of("1", null),
                Arguments.of("6", null),
                Arguments.of(" 4 ", null),
                Arguments.of("7", "Ensure this value is less than or equal to 6."),
                Arguments.of("0", "Ensure this value is greater than or equal to 1."),
                Arguments.of("-1", "Ensure this value is greater than or equal to 1."),
                Arguments.of("abc", "Enter a whole number."),
                Arguments.of("1.5", "Enter a whole number."),
                Arguments.of(2.0, "Enter a whole number."),
                Arguments.of(true, "Enter a whole number."));
    }

    @ParameterizedTest
    @MethodSource
    void integerFields(Object value, String message) {
        DanubeValidation v = new DanubeValidation();
        var result = v.integer(params("retention", value), "retention", 1, 6);
        if (message == null) {
            assertThat(v.ok()).isTrue();
            assertThat(result).contains(Long.parseLong(value.toString().strip()));
        } else {
            assertThat(result).isEmpty();
            assertThat(v.errors()).containsExactly(Map.entry("retention", List.of(message)));
        }
    }

    @Test
    void absentIntegerIsEmptyWithoutError() {
        DanubeValidation v = new DanubeValidation();
        assertThat(v.integer(new DanubeParams(Map.of()), "retention", 1, 6)).isEmpty();
        assertThat(v.ok()).isTrue();
    }

    @Test
    void errorsKeepFieldOrder() {
        DanubeValidation v = new DanubeValidation();
        v.name("name", "", 8);
        v.add("desc", "Invalid value.");
        v.add("name", "Invalid value.");
        assertThat(v.errors().keySet()).containsExactly("name", "desc");
        assertThat(v.errors().get("name")).containsExactly("This field is required.", "Invalid value.");
    }

    @Test
    void diskIdDefaultsToOne() {
        assertThat(DanubeValidation.diskId(new DanubeParams(Map.of()))).isEqualTo(1);
    }

    static Stream<Arguments> validDiskIds() {
        return Stream.of(
                Arguments.of("1", 1),
                Arguments.of("2", 2),
                Arguments.of(" 3 ", 3),
                Arguments.of(4, 4),
                Arguments.of(String.valueOf(Integer.MAX_VALUE), Integer.MAX_VALUE));
    }

    @ParameterizedTest
    @MethodSource
    void validDiskIds(Object value, int expected) {
        assertThat(DanubeValidation.diskId(params("disk_id", value))).isEqualTo(expected);
    }

    static Stream<Arguments> invalidDiskIds() {
        return Stream.of(
                Arguments.of("0"),
                Arguments.of("-1"),
                Arguments.of("abc"),
                Arguments.of(""),
                Arguments.of("1.5"),
                Arguments.of(1.0),
                Arguments.of(0),
                Arguments.of(true),
                Arguments.of(String.valueOf(Integer.MAX_VALUE + 1L)),
                Arguments.of("99999999999999999999"));
    }

    @ParameterizedTest
    @MethodSource
    void invalidDiskIds(Object value) {
        DanubeParams p = params("disk_id", value);
        assertThatThrownBy(() -> DanubeValidation.diskId(p))
                .isInstanceOfSatisfying(
                        RuleViolationException.class, e -> assertThat(e.rule()).isEqualTo(Rule.INVALID_DISK_ID));
    }
}

package org.vmsnap.policy.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronValidationTest {
    private static final String TRIM = "Leading nor trailing spaces are allowed.";
    private static final String SEPARATOR = "Use only a single space as a column separator.";
    private static final String COLUMNS = "Entry has to consist of exactly 5 columns.";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "* * * * *",
                "*/15 * * * *",
                "30 4 * * *",
                "0 0 1 * 1",
                "0 0 */2 * 1",
                "0 0 * * 7",
                "0 0 * * 0-7",
                "0-59 0-23 1-31 1-12 0-7",
                "59 23 31 12 7",
                "1-10/3 * * * *",
                "5/10 * * * *",
                "1,5-10/2 */6 1,15 1-12/3 1-5",
                "00 007 01 1 0",
                "*/60 * * * *",
                "*/99999999999 * * * *",
                "0 0 30 2 *",
                "0 0 31 4,6,9,11 *"
            })
    void acceptsValidCron(String text) {
        assertThat(CronValidation.validate(text)).isEmpty();
        assertThat(CronSchedule.parse(text)).hasToString(text);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // whitespace at either end, Python's strip(): spaces, tabs, newlines, no-break space
                "\" * * * * *\"|" + TRIM,
                "\"* * * * * \"|" + TRIM,
                "\"\t* * * * *\"|" + TRIM,
                "\"* * * * *\n\"|" + TRIM,
                "\"* * * * *\u00a0\"|" + TRIM,
                "\" \"|" + TRIM,
                // separators: double space, tab, newline, no-break space inside; the empty text
                "\"*  * * * *\"|" + SEPARATOR,
                "\"* * *   * *\"|" + SEPARATOR,
                "\"*\t* * * *\"|" + SEPARATOR,
                "\"0\t0\t*\t*\t*\"|" + SEPARATOR,
                "\"* *\n* * *\"|" + SEPARATOR,
                "\"* * * *\u00a0*\"|" + SEPARATOR,
                "\"\"|" + SEPARATOR,
                // column count
                "\"* * * *\"|" + COLUMNS,
                "\"* * * * * *\"|" + COLUMNS,
                "\"0 0 1 1 * 2025\"|" + COLUMNS,
                "\"*\"|" + COLUMNS,
                // Danube's regex: names, Quartz/Spring syntax, junk
                "\"0 0 * * MON\"|Incorrect value in 5. column.",
                "\"0 0 * JAN *\"|Incorrect value in 4. column.",
                "\"0 0 ? * 1\"|Incorrect value in 3. column.",
                "\"0 0 L * *\"|Incorrect value in 3. column.",
                "\"0 0 15W * *\"|Incorrect value in 3. column.",
                "\"0 0 * * 1#2\"|Incorrect value in 5. column.",
                "\"@daily * * * *\"|Incorrect value in 1. column.",
                "\"-1 * * * *\"|Incorrect value in 1. column.",
                "\"1- * * * *\"|Incorrect value in 1. column.",
                "\"1,,2 * * * *\"|Incorrect value in 1. column.",
                "\"*/ * * * *\"|Incorrect value in 1. column.",
                "\"*/2/3 * * * *\"|Incorrect value in 1. column.",
                "\"*,1 * * * *\"|Incorrect value in 1. column.",
                "\"* 1-2-3 * * *\"|Incorrect value in 2. column.",
                "\"* * * * \uff11\"|Incorrect value in 5. column.",
                // vmsnap's range checks, same message
                "\"60 * * * *\"|Incorrect value in 1. column.",
                "\"75 * * * *\"|Incorrect value in 1. column.",
                "\"* 24 * * *\"|Incorrect value in 2. column.",
                "\"* * 0 * *\"|Incorrect value in 3. column.",
                "\"* * 32 * *\"|Incorrect value in 3. column.",
                "\"* * * 0 *\"|Incorrect value in 4. column.",
                "\"* * * 13 *\"|Incorrect value in 4. column.",
                "\"* * * * 8\"|Incorrect value in 5. column.",
                "\"*/0 * * * *\"|Incorrect value in 1. column.",
                "\"1-10/0 * * * *\"|Incorrect value in 1. column.",
                "\"5-2 * * * *\"|Incorrect value in 1. column.",
                "\"* * * 12-1 *\"|Incorrect value in 4. column.",
                "\"1,2,60 * * * *\"|Incorrect value in 1. column.",
                "\"0-60 * * * *\"|Incorrect value in 1. column.",
                "\"99999999999 * * * *\"|Incorrect value in 1. column.",
                // Danube's regex pass runs over all columns first: its message wins over a range problem
                "\"75 x * * *\"|Incorrect value in 2. column.",
                "\"75 24 * * *\"|Incorrect value in 1. column.",
                "\"1 2 3 4 99\"|Incorrect value in 5. column."
            })
    void refusesWithDanubesMessage(String text, String message) {
        assertThat(CronValidation.validate(text)).containsExactly(message);
        assertThatThrownBy(() -> CronSchedule.parse(text))
                .isInstanceOf(InvalidCronException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // only the first failing rule is reported, in Danube's order
                "\" 0  0 * *\"|" + TRIM,
                "\"0  0 * *\"|" + SEPARATOR,
                "\"x y z\"|" + COLUMNS,
                "\"x y z a b\"|Incorrect value in 1. column."
            })
    void reportsOnlyTheFirstProblem(String text, String message) {
        assertThat(CronValidation.validate(text)).containsExactly(message);
    }
}

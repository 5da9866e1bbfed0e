package org.vmsnap.policy.cron;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Danube's {@code cron_validator} ({@code api/validators.py}), message for message, plus range checks.
 *
 * <p>The rules run in Danube's order and only the first failure is reported, as Danube raises on the first problem:
 *
 * <ol>
 *   <li>{@value #TRIM} — the text starts or ends with whitespace (Python's {@code strip()}: also tabs, newlines,
 *       no-break spaces);
 *   <li>{@value #SEPARATOR} — Python's {@code value.split() != value.split(' ')}: any whitespace other than a single
 *       space between columns, including the empty text;
 *   <li>{@value #COLUMNS};
 *   <li>{@value #COLUMN} — the first column (1-based) not matching {@code ^(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?$}; so
 *       no names ({@code MON}), no {@code ?}, {@code L}, {@code W} or {@code #}.
 * </ol>
 *
 * <p><b>Deliberate tightening:</b> Danube does not range-check numbers (its {@code 75 * * * *} is accepted and then
 * never fires). vmsnap refuses, with the same {@value #COLUMN} message, a column a scheduler cannot fire: a value
 * outside minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-7, a backwards range ({@code 5-2})
 * or a step of 0. This check runs only after every column passed the regex, so any text Danube refuses gets exactly
 * Danube's message. A well-formed day that some months lack ({@code 0 0 30 2 *}) is accepted, as in Vixie cron; see
 * {@link CronSchedule#next}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CronValidation {
    public static final String TRIM = "Leading nor trailing spaces are allowed.";
    public static final String SEPARATOR = "Use only a single space as a column separator.";
    public static final String COLUMNS = "Entry has to consist of exactly 5 columns.";
    public static final String COLUMN = "Incorrect value in %d. column.";
    /** The longest schedule stored (the column's width), refused before any column is looked at. */
    public static final int MAX_LENGTH = 255;

    public static final String TOO_LONG = "Ensure this value has at most " + MAX_LENGTH + " characters (it has %d).";

    private static final Pattern COLUMN_PATTERN = Pattern.compile("^(\\*|\\d+(-\\d+)?(,\\d+(-\\d+)?)*)(/\\d+)?$");
    private static final CronField[] FIELDS = CronField.values();

    private CronValidation() {}

    /** The messages for {@code text}: empty when valid, otherwise exactly one (the first rule that fails). */
    public static List<String> validate(String text) {
        return parse(text) instanceof Invalid invalid ? List.of(invalid.message()) : List.of();
    }

    /** The outcome of checking one text: the five column masks, or the first problem. */
    sealed interface Parsed permits Valid, Invalid {}

    /** Masks in column order; {@code stars[i]} tells whether column {@code i}'s text starts with {@code *}. */
    record Valid(long[] masks, boolean[] stars) implements Parsed {}

    record Invalid(String message) implements Parsed {}

    static Parsed parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            return new Invalid(TOO_LONG.formatted(text.length()));
        }
        if (!text.isEmpty() && (isPythonSpace(text.charAt(0)) || isPythonSpace(text.charAt(text.length() - 1)))) {
            return new Invalid(TRIM);
        }
        if (!singleSpaced(text)) {
            return new Invalid(SEPARATOR);
        }
        String[] columns = text.split(" ");
        if (columns.length != FIELDS.length) {
            return new Invalid(COLUMNS);
        }
        for (int i = 0; i < columns.length; i++) {
            if (!COLUMN_PATTERN.matcher(columns[i]).matches()) {
                return column(i);
            }
        }
        long[] masks = new long[columns.length];
        boolean[] stars = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            OptionalLong mask = FIELDS[i].mask(columns[i]);
            if (mask.isEmpty()) {
                return column(i);
            }
            masks[i] = mask.getAsLong();
            stars[i] = columns[i].charAt(0) == '*';
        }
        return new Valid(masks, stars);
    }

    private static Invalid column(int index) {
        return new Invalid(String.format(Locale.ROOT, COLUMN, index + 1));
    }

    /**
     * Equivalent to Python's {@code text.split() == text.split(' ')} once the text has no leading or trailing
     * whitespace: both agree exactly when the text is non-empty, its only whitespace is {@code ' '} and no two spaces
     * are adjacent.
     */
    private static boolean singleSpaced(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isPythonSpace(c) && (c != ' ' || (i + 1 < text.length() && text.charAt(i + 1) == ' '))) {
                return false;
            }
        }
        return true;
    }

    /** Python 2's {@code unicode.isspace()}: Java's whitespace plus the no-break spaces and NEL. */
    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }
}

package org.vmsnap.api.danube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON as Danube renders it: compact, or indented like Python's {@code json.dumps(indent=N)} on request. */
final class DanubeJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Pattern INDENT = Pattern.compile("indent=(\\d{1,2})");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private DanubeJson() {}

    /** Renders {@code body}; {@code accept} with {@code indent=N} asks for N-space indentation. */
    static String write(Object body, String accept) {
        int indent = 0;
        if (accept != null) {
            Matcher m = INDENT.matcher(accept);
            if (m.find()) {
                indent = Math.min(Integer.parseInt(m.group(1)), 8); // Danube clamps to 8
            }
        }
        try {
            if (indent == 0) {
                return escapeLineSeparators(MAPPER.writeValueAsString(body));
            }
            DefaultIndenter indenter = new DefaultIndenter(" ".repeat(indent), "\n");
            // Python's json.dumps(indent=N): "key": value, one item per line, empty containers as [] and {}.
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""));
            printer.indentObjectsWith(indenter);
            printer.indentArraysWith(indenter);
            return escapeLineSeparators(MAPPER.writer(printer).writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As Danube's renderer: U+2028 and U+2029 are valid JSON but break JavaScript readers. */
    private static String escapeLineSeparators(String json) {
        return json.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** Python's {@code isoformat()} of a UTC datetime with {@code +00:00} shown as {@code Z}. */
    static String time(Instant instant) {
        if (instant == null) {
            return null;
        }
        var utc = instant.atOffset(ZoneOffset.UTC);
        String text = SECONDS.format(utc);
        int micros = utc.getNano() / 1000;
        if (micros != 0) {
            text += "." + String.format("%06d", micros);
        }
        return text + "Z";
    }
}

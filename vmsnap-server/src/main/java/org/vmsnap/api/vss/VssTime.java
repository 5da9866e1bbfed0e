package org.vmsnap.api.vss;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Wire times in the configured zone ({@code vmsnap.vss.time-zone}, default UTC). */
@Component
class VssTime {
    private static final DateTimeFormatter INPUT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxxx");

    private final ZoneId zone;

    VssTime(@Value("${vmsnap.vss.time-zone:UTC}") String zone) {
        this.zone = ZoneId.of(zone);
    }

    /** {@code YYYY-MM-DD HH:MM} in the zone, as pyvss and vss-cli send it. */
    Instant parse(String field, String text) {
        try {
            return LocalDateTime.parse(text.strip(), INPUT).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new VssBadRequest(
                    field + " must be a date and time as YYYY-MM-DD HH:MM, not '" + abbreviated(text) + "'");
        }
    }

    String format(Instant instant) {
        return instant == null ? null : OUTPUT.format(instant.atZone(zone));
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}

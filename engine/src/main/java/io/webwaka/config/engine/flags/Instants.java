package io.webwaka.config.engine.flags;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants for {@code before}/{@code after}: a date-time with seconds optional, fraction
 * optional, and a {@code Z} or {@code ±hh:mm} offset ({@code 2025-03-01T12:00:00Z}, {@code
 * 2025-03-01T13:00+01:00}), as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads them. Stateless.
 */
final class Instants {
    private Instants() {}

    /** The instant, or {@code null} when the text is not an ISO-8601 date-time with offset. */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

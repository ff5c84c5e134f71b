package io.webwaka.config.server.audit;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time bounds of audit queries and exports: an ISO-8601 instant ({@code
 * 2025-01-31T12:00:00Z}, or with an offset), a date (midnight UTC of that day), or a duration back
 * from now ({@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}, or ISO {@code PT24H}). Stateless;
 * thread-safe.
 */
public final class AuditTimes {
    /** What the accepted forms look like, for error messages. */
    public static final String FORMS =
            "an ISO-8601 instant (2025-01-31T12:00:00Z), a date (2025-01-31) or a duration back from now (24h, 7d)";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhdw])");

    private AuditTimes() {}

    /**
     * The instant {@code text} means.
     *
     * @throws IllegalArgumentException if it is none of the accepted forms
     */
    public static Instant parse(String text, Clock clock) {
        Instant instant = instant(text, clock);
        try {
            instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too far from today", e);
        }
        return instant;
    }

    private static Instant instant(String text, Clock clock) {
        String t = text.trim();
        try {
            if (t.length() == 10 && t.charAt(4) == '-') {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.length() > 10 && t.charAt(4) == '-') {
                return OffsetDateTime.parse(t).toInstant();
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                return clock.instant().minus(Duration.parse(t));
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORMS, e);
        }
        Matcher m = SHORT_DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORMS);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        return clock.instant().minus(d);
    }
}

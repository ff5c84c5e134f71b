package io.webwaka.config.server.rotation;

import java.time.DateTimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations of rotation policies: {@code 0}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 30d},
 * {@code 2w}, or ISO-8601 ({@code P30D}, {@code PT12H}). Stateless; thread-safe.
 */
final class Durations {
    /** What the accepted forms look like, for error messages. */
    static final String FORMS = "a duration such as 30d, 24h, 90m, 2w or ISO-8601 P30D";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhdw])");

    private Durations() {}

    /** The duration {@code text} means, if it is one of the accepted forms and not negative. */
    static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t);
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            } catch (DateTimeException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                });
    }
}

package io.webwaka.config.sdk;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written as ISO-8601 ({@code PT30S}, {@code P1D}) or in short form: a non-negative
 * integer and one unit of {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}). Negative durations are rejected. Thread-safe
 * (stateless).
 */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

    private Durations() {}

    /** The duration a string denotes, or empty if it is not one of the accepted forms. */
    static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        Matcher matcher = SHORT.matcher(trimmed);
        try {
            Duration duration = matcher.matches()
                    ? shortForm(Long.parseLong(matcher.group(1)), matcher.group(2))
                    : Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            return duration.isNegative() ? Optional.empty() : Optional.of(duration);
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Duration shortForm(long amount, String unit) {
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }
}

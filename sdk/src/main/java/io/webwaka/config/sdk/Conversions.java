package io.webwaka.config.sdk;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strict conversions from a JSON value to a Java type: a value of another JSON type gives empty
 * (strings are never parsed as numbers or booleans). A number converts to {@code int}/{@code long}
 * only when it is integral and in range. Thread-safe (stateless).
 */
final class Conversions {
    private Conversions() {}

    static Optional<String> asString(Object value) {
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    static Optional<Boolean> asBoolean(Object value) {
        return value instanceof Boolean ? Optional.of((Boolean) value) : Optional.empty();
    }

    static Optional<Integer> asInt(Object value) {
        return exact(value).flatMap(number -> {
            try {
                return Optional.of(number.intValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    static Optional<Long> asLong(Object value) {
        return exact(value).flatMap(number -> {
            try {
                return Optional.of(number.longValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    static Optional<Double> asDouble(Object value) {
        return value instanceof Number ? Optional.of(((Number) value).doubleValue()) : Optional.empty();
    }

    /** A string in a form {@link Durations} accepts, or an integral number of milliseconds. */
    static Optional<Duration> asDuration(Object value) {
        if (value instanceof String) {
            return Durations.parse((String) value);
        }
        return asLong(value).filter(millis -> millis >= 0).map(Duration::ofMillis);
    }

    @SuppressWarnings("unchecked") // snapshot objects are always Map<String, Object>
    static Optional<Map<String, Object>> asMap(Object value) {
        return value instanceof Map ? Optional.of((Map<String, Object>) value) : Optional.empty();
    }

    @SuppressWarnings("unchecked") // snapshot arrays are always List<Object>
    static Optional<List<Object>> asList(Object value) {
        return value instanceof List ? Optional.of((List<Object>) value) : Optional.empty();
    }

    /**
     * The value itself if it already has the type, else a JSON object bound to a record or bean by
     * jackson-jr (unknown properties ignored; property values follow jackson-jr's coercions).
     */
    static <T> Optional<T> bind(Object value, Class<T> type) {
        if (type.isInstance(value)) {
            return Optional.of(type.cast(value));
        }
        if (!(value instanceof Map)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.std.beanFrom(type, JSON.std.asString(value)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The exact decimal value of a finite number, or empty for anything else. */
    private static Optional<BigDecimal> exact(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Optional.of(BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value instanceof BigInteger) {
            return Optional.of(new BigDecimal((BigInteger) value));
        }
        if (value instanceof BigDecimal) {
            return Optional.of((BigDecimal) value);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? Optional.of(new BigDecimal(d)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** How a JSON value is named in warnings ("a string", "an object" …). */
    static String describe(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "the number " + value;
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value instanceof List ? "an array" : "a " + value.getClass().getSimpleName();
    }
}

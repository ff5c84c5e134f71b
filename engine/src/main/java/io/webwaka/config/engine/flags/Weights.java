package io.webwaka.config.engine.flags;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Rollout weights: percentages with at most three decimals, converted exactly to thousandths of a
 * percent, i.e. to buckets ({@code 25.125} → 25125 of {@link Bucketing#BUCKETS}). Stateless.
 */
final class Weights {
    /** The weight of everything: 100 % in buckets. */
    static final int TOTAL = Bucketing.BUCKETS;

    /** {@link #buckets} answer for a value that is not a valid weight. */
    static final int INVALID = -1;

    private Weights() {}

    /** The buckets a weight owns, or {@link #INVALID} (not a number, negative, over 100, more than 3 decimals). */
    static int buckets(Object weight) {
        BigDecimal percent = decimal(weight);
        if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            return INVALID;
        }
        BigDecimal thousandths = percent.movePointRight(3);
        try {
            return thousandths.intValueExact();
        } catch (ArithmeticException e) {
            return INVALID; // a fraction of a thousandth: more than three decimals
        }
    }

    /** The buckets as a percentage for messages, e.g. 99999 → "99.999". */
    static String percent(long buckets) {
        return BigDecimal.valueOf(buckets, 3).stripTrailingZeros().toPlainString();
    }

    /** Doubles go through their shortest decimal form, so {@code 33.333} stays exactly 33.333. */
    private static BigDecimal decimal(Object weight) {
        if (!(weight instanceof Number) || !JsonValues.isFinite((Number) weight)) {
            return null;
        }
        if (weight instanceof BigDecimal) {
            return (BigDecimal) weight;
        }
        if (weight instanceof BigInteger) {
            return new BigDecimal((BigInteger) weight);
        }
        if (weight instanceof Double || weight instanceof Float) {
            return new BigDecimal(weight.toString());
        }
        return BigDecimal.valueOf(((Number) weight).longValue());
    }
}

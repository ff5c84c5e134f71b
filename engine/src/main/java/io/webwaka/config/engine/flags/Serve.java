package io.webwaka.config.engine.flags;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a rule or the default serve hands out: a fixed variant, or a weighted rollout. Immutable. */
sealed interface Serve permits Serve.Fixed, Serve.Rollout {
    /** The outcome for the context. Never null; allocates nothing for string rollout attributes. */
    Outcome select(EvaluationContext ctx);

    /** How a rollout placed the context ({@code chosen} is what {@link #select} returned), or {@code null} for a fixed variant. */
    RolloutExplanation explain(EvaluationContext ctx, Outcome chosen);

    /** {@code {"variant": name}}. */
    record Fixed(Outcome outcome) implements Serve {
        @Override
        public Outcome select(EvaluationContext ctx) {
            return outcome;
        }

        @Override
        public RolloutExplanation explain(EvaluationContext ctx, Outcome chosen) {
            return null;
        }
    }

    /**
     * {@code {"rollout": {"by", "weights"}}}: variant {@code i} owns buckets {@code [upper[i-1],
     * upper[i])} (consecutive ranges in listed order; a zero weight owns none).
     *
     * <p>The {@code by} attribute is hashed as its string value; an integral number as its decimal
     * digits ({@code 42}, also for {@code 42.0}); anything else (missing, boolean, fraction, list) puts
     * the context in bucket 0, i.e. the first variant with a non-zero weight.
     */
    record Rollout(String by, Bucketing.Prefix salt, int[] upper, Outcome[] outcomes) implements Serve {
        @Override
        public Outcome select(EvaluationContext ctx) {
            int bucket = bucketOf(ctx.get(by));
            int below = 0; // the ranges that end at or below the bucket: the index of the one holding it
            for (int end : upper) {
                below += bucket >= end ? 1 : 0; // no early exit: a hash-random branch would mispredict
            }
            return outcomes[Math.min(below, outcomes.length - 1)]; // min: weights sum to 100000, so never needed
        }

        int bucketOf(Object value) {
            String hashed = hashInput(value);
            return hashed == null ? 0 : salt.bucket(hashed);
        }

        @Override
        public RolloutExplanation explain(EvaluationContext ctx, Outcome chosen) {
            Object value = ctx.get(by);
            String hashed = hashInput(value);
            Map<String, Double> weights = new LinkedHashMap<>();
            for (int i = 0, lower = 0; i < upper.length; lower = upper[i++]) {
                weights.put(outcomes[i].variant, (upper[i] - lower) / 1000.0);
            }
            return new RolloutExplanation(by, value, hashed, salt.salt(), bucketOf(value), weights, chosen.variant);
        }

        /** What is hashed for a {@code by} value: a string as is, an integral number's digits, else {@code null} (bucket 0). */
        static String hashInput(Object value) {
            if (value instanceof String) {
                return (String) value;
            }
            return value instanceof Number ? integerDigits((Number) value) : null;
        }

        /** The decimal digits of an integral number, or {@code null} for a fraction or a non-finite value. */
        static String integerDigits(Number n) {
            if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
                return Long.toString(n.longValue());
            }
            if (n instanceof BigInteger) {
                return n.toString();
            }
            try {
                BigDecimal decimal = n instanceof BigDecimal ? (BigDecimal) n : new BigDecimal(n.toString());
                return decimal.toBigIntegerExact().toString();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
    }
}

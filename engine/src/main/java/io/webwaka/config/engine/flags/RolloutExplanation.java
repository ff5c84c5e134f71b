package io.webwaka.config.engine.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a percentage rollout placed a context, in an {@link Explanation}: the attribute it hashes, the
 * context's value of it, the salt, the bucket (0–99999, {@link Bucketing#bucket}) and the weights
 * that map buckets to variants, in listed order.
 *
 * <p>Immutable and thread-safe.
 */
public final class RolloutExplanation {
    private final String by;
    private final Object value;
    private final String hashed;
    private final String salt;
    private final int bucket;
    private final Map<String, Double> weights;
    private final String variant;

    RolloutExplanation(
            String by,
            Object value,
            String hashed,
            String salt,
            int bucket,
            Map<String, Double> weights,
            String variant) {
        this.by = by;
        this.value = value;
        this.hashed = hashed;
        this.salt = salt;
        this.bucket = bucket;
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.variant = variant;
    }

    /** The attribute the rollout hashes ({@code targetingKey} unless the rollout's {@code by} says otherwise). */
    public String by() {
        return by;
    }

    /** The context's value of that attribute, if present. */
    public Optional<Object> value() {
        return Optional.ofNullable(value);
    }

    /**
     * The string that was hashed: a string value as is, an integral number's decimal digits; empty
     * when the value is missing or cannot be hashed, which puts the context in bucket 0.
     */
    public Optional<String> hashed() {
        return Optional.ofNullable(hashed);
    }

    /** The flag's salt (its key unless the definition sets one). */
    public String salt() {
        return salt;
    }

    /** The context's bucket, 0–99999: {@code Bucketing.bucket(salt, hashed)}, or 0 when nothing was hashed. */
    public int bucket() {
        return bucket;
    }

    /** Each variant's weight in percent, in listed order (variant {@code i} owns the next {@code weight × 1000} buckets). */
    public Map<String, Double> weights() {
        return weights;
    }

    /** The variant the bucket falls in. */
    public String variant() {
        return variant;
    }

    /**
     * This rollout as a JSON object: {@code by}, {@code present}, {@code value} (JSON {@code null}
     * when absent), {@code hashed} (when hashed), {@code salt}, {@code bucket}, {@code weights},
     * {@code variant}. A new, unmodifiable, insertion-ordered map.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("by", by);
        map.put("present", value != null);
        map.put("value", value);
        if (hashed != null) {
            map.put("hashed", hashed);
        }
        map.put("salt", salt);
        map.put("bucket", bucket);
        map.put("weights", weights);
        map.put("variant", variant);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "RolloutExplanation" + toMap();
    }
}

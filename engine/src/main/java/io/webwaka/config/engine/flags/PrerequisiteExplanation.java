package io.webwaka.config.engine.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One prerequisite in an {@link Explanation}: the flag that must serve a variant first, the variant
 * it must serve, what it actually served to the context, and whether the prerequisite held.
 * Prerequisites the evaluator did not reach (the flag is off, or an earlier prerequisite failed) are
 * still explained, with {@link #evaluated()} false.
 *
 * <p>Immutable and thread-safe.
 */
public final class PrerequisiteExplanation {
    private final String flag;
    private final String requiredVariant;
    private final String actualVariant;
    private final Reason actualReason;
    private final boolean held;
    private final boolean evaluated;

    PrerequisiteExplanation(
            String flag,
            String requiredVariant,
            String actualVariant,
            Reason actualReason,
            boolean held,
            boolean evaluated) {
        this.flag = flag;
        this.requiredVariant = requiredVariant;
        this.actualVariant = actualVariant;
        this.actualReason = actualReason;
        this.held = held;
        this.evaluated = evaluated;
    }

    /** The key of the required flag. */
    public String flag() {
        return flag;
    }

    /** The variant the required flag must serve. */
    public String requiredVariant() {
        return requiredVariant;
    }

    /** The variant the required flag served to the context, if any. */
    public Optional<String> actualVariant() {
        return Optional.ofNullable(actualVariant);
    }

    /** Why the required flag served what it served. */
    public Reason actualReason() {
        return actualReason;
    }

    /** Whether the required flag served the required variant. */
    public boolean held() {
        return held;
    }

    /** Whether the evaluator checked this prerequisite for the context. */
    public boolean evaluated() {
        return evaluated;
    }

    /**
     * This prerequisite as a JSON object: {@code flag}, {@code requiredVariant}, {@code actualVariant}
     * (JSON {@code null} when none), {@code actualReason}, {@code held}, {@code evaluated}. A new,
     * unmodifiable, insertion-ordered map.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("flag", flag);
        map.put("requiredVariant", requiredVariant);
        map.put("actualVariant", actualVariant);
        map.put("actualReason", actualReason.name());
        map.put("held", held);
        map.put("evaluated", evaluated);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "PrerequisiteExplanation" + toMap();
    }
}

package io.webwaka.config.engine.flags;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an application knows about the subject of an evaluation: a targeting key (the attribute
 * rollouts hash on by default) plus named attributes such as {@code country} or {@code appVersion}.
 *
 * <p>Attribute values are plain JSON values. Conditions compare {@link String}, {@link Number} and
 * {@link Boolean} attributes; an attribute holding a list or an object is present (for {@code
 * exists}) but makes every value comparison false. {@code null} values are dropped: a JSON {@code
 * null} attribute counts as missing. The targeting key is also readable by conditions as the
 * attribute {@code targetingKey}.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} or {@link #fromMap(Map)}.
 */
public final class EvaluationContext {
    /** The attribute name under which the targeting key is stored and can be targeted. */
    public static final String TARGETING_KEY = "targetingKey";

    private static final EvaluationContext EMPTY = new EvaluationContext(StringTable.of(Map.of()));

    private final StringTable<Object> attributes;

    private EvaluationContext(StringTable<Object> attributes) {
        this.attributes = attributes;
    }

    /** The context with no targeting key and no attributes. */
    public static EvaluationContext empty() {
        return EMPTY;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A context with only a targeting key. */
    public static EvaluationContext of(String targetingKey) {
        return builder().targetingKey(targetingKey).build();
    }

    /**
     * A context from a JSON object such as an evaluate request's {@code context}: the member {@code
     * targetingKey} (a string) becomes the targeting key, every other member an attribute. {@code
     * null} members are dropped; non-JSON values are dropped too.
     */
    public static EvaluationContext fromMap(Map<String, ?> json) {
        Objects.requireNonNull(json, "json");
        Builder builder = builder();
        json.forEach(builder::set);
        return builder.build();
    }

    /** The targeting key, if set as a string. */
    public Optional<String> targetingKey() {
        Object key = attributes.get(TARGETING_KEY);
        return key instanceof String ? Optional.of((String) key) : Optional.empty();
    }

    /** An attribute's value (the targeting key is the attribute {@code targetingKey}), if present. */
    public Optional<Object> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Every attribute, the targeting key included: an unmodifiable map. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The hot-path lookup: the attribute's value or {@code null}. Never allocates. */
    Object get(String name) {
        return attributes.find(name);
    }

    @Override
    public String toString() {
        return "EvaluationContext" + attributes;
    }

    /** Collects a targeting key and attributes; not thread-safe, build once and share the context. */
    public static final class Builder {
        private final StringTable.Builder<Object> attributes = new StringTable.Builder<>();

        private Builder() {}

        /** Sets the targeting key (the default rollout attribute); {@code null} removes it. */
        public Builder targetingKey(String targetingKey) {
            return set(TARGETING_KEY, targetingKey);
        }

        /** Sets a string attribute; {@code null} removes it. */
        public Builder set(String name, String value) {
            return put(name, value);
        }

        /** Sets a number attribute; {@code null} removes it. */
        public Builder set(String name, Number value) {
            return put(name, value);
        }

        /** Sets a boolean attribute. */
        public Builder set(String name, boolean value) {
            return put(name, value);
        }

        /**
         * Sets an attribute to any JSON value (a list or object is frozen); {@code null} or a value that
         * is not JSON removes it.
         */
        public Builder set(String name, Object value) {
            return put(name, JsonValues.isJson(value) ? JsonValues.freeze(value) : null);
        }

        private Builder put(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        /** The immutable context. The builder can be reused; later changes do not affect it. */
        public EvaluationContext build() {
            return attributes.isEmpty() ? EMPTY : new EvaluationContext(attributes.build());
        }
    }
}

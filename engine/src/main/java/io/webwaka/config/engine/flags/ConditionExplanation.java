package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One condition of a rule (or of a segment) in an {@link Explanation}: the condition as written, the
 * value the context had for its attribute, and whether it held. A segment condition carries the
 * segment's own conditions, explained the same way.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConditionExplanation {
    private final int index;
    private final String attribute;
    private final String segment;
    private final String op;
    private final List<Object> values;
    private final boolean negate;
    private final boolean caseInsensitive;
    private final Object contextValue;
    private final boolean held;
    private final List<ConditionExplanation> segmentConditions;

    private ConditionExplanation(
            int index,
            String attribute,
            String segment,
            String op,
            List<Object> values,
            boolean negate,
            boolean caseInsensitive,
            Object contextValue,
            boolean held,
            List<ConditionExplanation> segmentConditions) {
        this.index = index;
        this.attribute = attribute;
        this.segment = segment;
        this.op = op;
        this.values = values;
        this.negate = negate;
        this.caseInsensitive = caseInsensitive;
        this.contextValue = contextValue;
        this.held = held;
        this.segmentConditions = List.copyOf(segmentConditions);
    }

    static ConditionExplanation attribute(
            int index,
            String attribute,
            String op,
            List<Object> values,
            boolean negate,
            boolean caseInsensitive,
            Object contextValue,
            boolean held) {
        return new ConditionExplanation(
                index, attribute, null, op, values, negate, caseInsensitive, contextValue, held, List.of());
    }

    static ConditionExplanation segment(
            int index, String segment, boolean negate, boolean held, List<ConditionExplanation> conditions) {
        return new ConditionExplanation(index, null, segment, null, List.of(), negate, false, null, held, conditions);
    }

    /** The 0-based position of the condition in its rule's {@code when} (or its segment's {@code conditions}). */
    public int index() {
        return index;
    }

    /** Whether this is a {@code {"segment": key}} condition. */
    public boolean isSegment() {
        return segment != null;
    }

    /** The attribute compared, for a value or presence condition. */
    public Optional<String> attribute() {
        return Optional.ofNullable(attribute);
    }

    /** The segment key, for a segment condition. */
    public Optional<String> segment() {
        return Optional.ofNullable(segment);
    }

    /** The operator's contract name ({@code in}, {@code semverGte} …), for a value or presence condition. */
    public Optional<String> op() {
        return Optional.ofNullable(op);
    }

    /** The literal values as written (unmodifiable; empty for presence and segment conditions). */
    public List<Object> values() {
        return values;
    }

    /** The condition's {@code negate} member as written. */
    public boolean negate() {
        return negate;
    }

    /** The condition's {@code caseInsensitive} member as written (false for segment conditions). */
    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /** The context's value of the attribute; empty when the context lacks it (and for segment conditions). */
    public Optional<Object> contextValue() {
        return Optional.ofNullable(contextValue);
    }

    /** Whether the condition held for the context (after {@code negate}). */
    public boolean held() {
        return held;
    }

    /** For a segment condition, the segment's own conditions explained; otherwise empty. */
    public List<ConditionExplanation> segmentConditions() {
        return segmentConditions;
    }

    /**
     * This condition as a JSON object: {@code index}, then either {@code segment}, {@code negate},
     * {@code held}, {@code conditions} (nested, same shape) or {@code attribute}, {@code op}, {@code
     * values}, {@code negate}, {@code caseInsensitive}, {@code present} (whether the context has the
     * attribute), {@code contextValue} (JSON {@code null} when absent), {@code held}. A new,
     * unmodifiable, insertion-ordered map of plain JSON values.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", index);
        if (isSegment()) {
            map.put("segment", segment);
            map.put("negate", negate);
            map.put("held", held);
            List<Object> nested = new ArrayList<>();
            segmentConditions.forEach(c -> nested.add(c.toMap()));
            map.put("conditions", Collections.unmodifiableList(nested));
            return Collections.unmodifiableMap(map);
        }
        map.put("attribute", attribute);
        map.put("op", op);
        map.put("values", values);
        map.put("negate", negate);
        map.put("caseInsensitive", caseInsensitive);
        map.put("present", contextValue != null);
        map.put("contextValue", contextValue);
        map.put("held", held);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "ConditionExplanation" + toMap();
    }
}

package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One targeting rule in an {@link Explanation}: whether the evaluator reached it, whether all its
 * conditions held for the context, and each condition explained. Rules the evaluator did not reach
 * (the flag is off, a prerequisite failed, or an earlier rule matched) are still explained, with
 * {@link #evaluated()} false, so a user can see what they would have done.
 *
 * <p>Immutable and thread-safe.
 */
public final class RuleExplanation {
    private final int index;
    private final String name;
    private final boolean evaluated;
    private final boolean matched;
    private final List<ConditionExplanation> conditions;

    RuleExplanation(int index, String name, boolean evaluated, boolean matched, List<ConditionExplanation> conditions) {
        this.index = index;
        this.name = name;
        this.evaluated = evaluated;
        this.matched = matched;
        this.conditions = List.copyOf(conditions);
    }

    /** The 0-based position of the rule. */
    public int index() {
        return index;
    }

    /** The rule's name, if it has one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Whether the evaluator tried this rule for the context. */
    public boolean evaluated() {
        return evaluated;
    }

    /** Whether every condition held (true for a rule without conditions). */
    public boolean matched() {
        return matched;
    }

    /** Every condition of the rule, explained in order (unmodifiable). */
    public List<ConditionExplanation> conditions() {
        return conditions;
    }

    /**
     * This rule as a JSON object: {@code index}, {@code name} (when named), {@code evaluated}, {@code
     * matched}, {@code conditions}. A new, unmodifiable, insertion-ordered map of plain JSON values.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", index);
        if (name != null) {
            map.put("name", name);
        }
        map.put("evaluated", evaluated);
        map.put("matched", matched);
        List<Object> list = new ArrayList<>();
        conditions.forEach(c -> list.add(c.toMap()));
        map.put("conditions", Collections.unmodifiableList(list));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "RuleExplanation" + toMap();
    }
}

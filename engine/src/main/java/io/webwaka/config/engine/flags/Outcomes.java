package io.webwaka.config.engine.flags;

import java.util.HashMap;
import java.util.Map;

/** Creates a flag's outcomes once each, keyed by variant, reason and rule. Single-threaded (compile time). */
final class Outcomes {
    private final FlagDefinition definition;
    private final Map<String, Outcome> cache = new HashMap<>();

    Outcomes(FlagDefinition definition) {
        this.definition = definition;
    }

    /** The outcome serving {@code variant} (which must exist) for {@code reason}, from rule {@code ruleIndex} or -1. */
    Outcome served(String variant, Reason reason, int ruleIndex) {
        String key = variant + '\u0000' + reason + '\u0000' + ruleIndex;
        return cache.computeIfAbsent(
                key,
                k -> Outcome.served(
                        definition.type(), variant, definition.variants().get(variant), reason, ruleIndex));
    }
}

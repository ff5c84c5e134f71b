package io.webwaka.config.engine.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read flag definition. Members other than {@code key}, {@code type}, {@code variants} and {@code
 * salt} ({@code description}, {@code tags}, {@code owner} …) belong to the server and are ignored.
 *
 * @param key the flag key
 * @param type the type, or {@code null} when unreadable
 * @param variants the readable variants (frozen values, in listed order)
 * @param salt the rollout salt (the flag key by default)
 * @param valid whether the definition had no problems
 */
record FlagDefinition(String key, FlagType type, Map<String, Object> variants, String salt, boolean valid) {
    private static final Map<String, Object> BOOLEAN_VARIANTS = booleanVariants();

    static FlagDefinition read(String key, Object raw, Problems.Scope scope) {
        Map<String, Object> object = Members.object(raw, scope, "");
        if (object == null) {
            return new FlagDefinition(key, null, Map.of(), key, false);
        }
        Object declaredKey = object.get("key");
        if (declaredKey != null && !key.equals(declaredKey)) {
            scope.report("/key", "is " + Members.describe(declaredKey) + " but the flag is stored as \"" + key + "\"");
        }
        FlagType type = readType(object, scope);
        Map<String, Object> variants = readVariants(object, type, scope);
        String salt = object.containsKey("salt") ? Members.string(object, "salt", false, scope, "") : key;
        return new FlagDefinition(key, type, variants, salt == null ? key : salt, !scope.hasProblems());
    }

    /** The murmur3 state for this flag's {@code salt + ":"}. */
    Bucketing.Prefix saltPrefix() {
        return Bucketing.Prefix.of(salt);
    }

    private static FlagType readType(Map<String, Object> object, Problems.Scope scope) {
        String name = Members.string(object, "type", true, scope, "");
        if (name == null) {
            return null;
        }
        FlagType type = FlagType.fromJsonName(name).orElse(null);
        if (type == null) {
            scope.report("/type", "unknown type \"" + name + "\"; expected boolean, string, number or json");
        }
        return type;
    }

    private static Map<String, Object> readVariants(Map<String, Object> object, FlagType type, Problems.Scope scope) {
        Object raw = object.get("variants");
        if (raw == null) {
            if (type != null && type != FlagType.BOOLEAN) { // with an unreadable type, that problem is enough
                scope.report("/variants", "is required for " + type.jsonName() + " flags");
            }
            return type == FlagType.BOOLEAN ? BOOLEAN_VARIANTS : Map.of();
        }
        Map<String, Object> given = Members.object(raw, scope, "/variants");
        if (given == null) {
            return Map.of();
        }
        if (given.isEmpty()) {
            scope.report("/variants", "must name at least one variant");
        }
        Map<String, Object> variants = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            String path = "/variants/" + JsonValues.pointerToken(name);
            if (name.isEmpty()) {
                scope.report(path, "a variant name must not be empty");
            } else if (type != null && !fits(type, value)) {
                scope.report(path, "must be a " + type.jsonName() + " value, not " + Members.describe(value));
            } else {
                variants.put(name, JsonValues.freeze(value));
            }
        });
        return Collections.unmodifiableMap(variants);
    }

    private static boolean fits(FlagType type, Object value) {
        switch (type) {
            case BOOLEAN:
                return value instanceof Boolean;
            case STRING:
                return value instanceof String;
            case NUMBER:
                return value instanceof Number && JsonValues.isFinite((Number) value);
            default:
                return value != null && JsonValues.isJson(value);
        }
    }

    private static Map<String, Object> booleanVariants() {
        Map<String, Object> variants = new LinkedHashMap<>();
        variants.put("on", true);
        variants.put("off", false);
        return Collections.unmodifiableMap(variants);
    }
}

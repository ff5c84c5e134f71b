package io.webwaka.config.engine.flags;

import java.util.Optional;

/** The value type of a flag; every variant of a flag holds a value of this type. */
public enum FlagType {
    /** {@code true} or {@code false}; variants default to {@code on=true, off=false}. */
    BOOLEAN("boolean"),
    /** A JSON string. */
    STRING("string"),
    /** A finite JSON number (served to Java as a {@code double} by the typed getters). */
    NUMBER("number"),
    /** Any JSON value except {@code null}: object, array, string, number or boolean. */
    JSON("json");

    private final String jsonName;

    FlagType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in flag definitions, e.g. {@code "boolean"}. */
    public String jsonName() {
        return jsonName;
    }

    /** The type with that definition name, if any (case-sensitive). */
    public static Optional<FlagType> fromJsonName(String name) {
        for (FlagType type : values()) {
            if (type.jsonName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

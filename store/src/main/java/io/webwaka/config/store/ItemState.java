package io.webwaka.config.store;

/** The state an item row records. */
public enum ItemState {
    /** The row holds a value. */
    SET,
    /** The item (or override) was removed; an override falls back to the project-wide value. */
    DELETED,
    /** An environment override that hides the project-wide value: the key is absent there. */
    HIDDEN;

    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ItemState ofCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}

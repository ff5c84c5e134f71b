package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;

/** The {@code random} rotator: a new random value from a {@link Passwords} policy; no target. */
record RandomRotator(Passwords passwords) implements Rotator {
    static final String TYPE = "random";
    static final Passwords DEFAULTS = new Passwords(32, java.util.List.of("upper", "lower", "digit", "symbol"));

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("type", TYPE);
        passwords.writeTo(o);
        return o;
    }

    @Override
    public String newValue(Attempt attempt) {
        return passwords.generate();
    }
}

package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of a change set, already parsed.
 *
 * @param index the operation's position in the request (for error messages)
 * @param op {@code set}, {@code delete}, or {@code hide} (an environment hides a config's
 *     project-wide value: the key is absent there)
 * @param kind the item kind (only {@code config} for now)
 * @param environment the environment key, or {@code null} for the project-wide default
 * @param key the item key
 * @param value the new value for {@code set}, else {@code null}
 * @param description the new description (project-wide {@code set} only), or {@code null} to keep
 */
record ChangeOp(int index, String op, String kind, String environment, String key, JsonNode value, String description) {

    boolean isSet() {
        return "set".equals(op);
    }

    boolean isHide() {
        return "hide".equals(op);
    }

    String field(String name) {
        return "ops[" + index + "]." + name;
    }

    String target() {
        return (environment == null ? "default" : environment) + "/" + key;
    }
}

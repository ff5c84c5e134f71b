package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads change-set requests ({@code POST …/changes}) into operations, listing every problem. */
final class ChangeSets {
    static final int MAX_OPS = 5_000;
    static final int MAX_MESSAGE = 1_000;
    static final int MAX_DESCRIPTION = 2_000;
    /** The longest secret value accepted, in characters. */
    static final int MAX_SECRET = 64 * 1024;

    /** Every item kind a change set may name. */
    static final Set<String> KINDS = Set.of("config", "flag", "targeting", "segment", "schema", "secret");

    /**
     * A parsed change set: the operations that could be read, and the problems found so far (the
     * service adds its own and answers with all of them at once).
     */
    record Request(
            long expectedRevision,
            String message,
            List<ChangeOp> ops,
            List<FieldError> problems,
            boolean single,
            boolean force) {
        Request {
            ops = List.copyOf(ops);
            problems = List.copyOf(problems);
        }

        /** A request of one operation from a single-item endpoint ({@code PUT|DELETE …/configs/{key}}). */
        static Request single(long expectedRevision, String message, ChangeOp op) {
            return single(expectedRevision, message, op, false);
        }

        /** The same, for a schema change that may be forced past current values that violate it. */
        static Request single(long expectedRevision, String message, ChangeOp op, boolean force) {
            return new Request(expectedRevision, message, List.of(op), List.of(), true, force);
        }
    }

    private ChangeSets() {}

    static Request parse(ObjectNode body, long ifMatch) {
        List<FieldError> errors = new ArrayList<>();
        long expected = expectedRevision(body, ifMatch, errors);
        String message = text(body, "message", MAX_MESSAGE, errors);
        JsonNode opsNode = body.get("ops");
        List<ChangeOp> ops = new ArrayList<>();
        if (opsNode == null || !opsNode.isArray() || opsNode.isEmpty()) {
            errors.add(new FieldError("ops", "give a non-empty array of operations"));
        } else if (opsNode.size() > MAX_OPS) {
            errors.add(new FieldError("ops", "at most " + MAX_OPS + " operations per change set"));
        } else {
            for (int i = 0; i < opsNode.size(); i++) {
                ChangeOp op = op(i, opsNode.get(i), errors);
                if (op != null) {
                    ops.add(op);
                }
            }
        }
        if (ops.isEmpty() && !errors.isEmpty()) {
            throw ApiException.invalid("the change set is invalid; nothing was written", errors);
        }
        boolean force = flag(body, "force", errors);
        return new Request(expected, message == null ? "" : message, ops, errors, false, force);
    }

    /** An optional boolean member ({@code false} when absent). */
    static boolean flag(ObjectNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return false;
        }
        return node.asBoolean();
    }

    static long expectedRevision(ObjectNode body, long ifMatch, List<FieldError> errors) {
        JsonNode node = body.get("expectedRevision");
        if (node == null || node.isNull()) {
            return ifMatch;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            errors.add(new FieldError("expectedRevision", "must be a non-negative integer revision number"));
            return ifMatch;
        }
        return node.asLong();
    }

    private static ChangeOp op(int i, JsonNode node, List<FieldError> errors) {
        String at = "ops[" + i + "]";
        if (!node.isObject()) {
            errors.add(new FieldError(at, "each operation must be a JSON object"));
            return null;
        }
        int before = errors.size();
        String op = text(node, "op", 16, errors, at);
        String kind = text(node, "kind", 32, errors, at);
        String env = text(node, "environment", 64, errors, at);
        String key = text(node, "key", 1000, errors, at);
        String description = text(node, "description", MAX_DESCRIPTION, errors, at);
        JsonNode value = node.get("value");
        if (op == null || !(op.equals("set") || op.equals("delete") || op.equals("hide"))) {
            errors.add(new FieldError(at + ".op", "must be \"set\", \"delete\" or \"hide\""));
        }
        if (kind == null) {
            errors.add(new FieldError(
                    at + ".kind",
                    "must be one of \"config\", \"flag\", \"targeting\", \"segment\", \"schema\", \"secret\""));
        } else if (!KINDS.contains(kind)) {
            errors.add(new FieldError(
                    at + ".kind",
                    "unknown kind \"" + kind + "\"; use \"config\", \"flag\", \"targeting\", \"segment\","
                            + " \"schema\" or \"secret\""));
        } else {
            checkKind(kind, env, value, errors, at);
        }
        if (key == null) {
            errors.add(new FieldError(at + ".key", "the item key is required"));
        }
        if ("set".equals(op) && (value == null || value.isNull())) {
            errors.add(new FieldError(
                    at + ".value", "a set needs a non-null JSON value (string, number, boolean, object or array)"));
        }
        if ("delete".equals(op) && value != null) {
            errors.add(new FieldError(at + ".value", "a delete takes no value"));
        }
        if ("hide".equals(op)) {
            if (!"config".equals(kind)) {
                errors.add(new FieldError(at + ".kind", "only a config can be hidden in an environment"));
            }
            if (env == null) {
                errors.add(new FieldError(at + ".environment", "hide works in one environment: give \"environment\""));
            }
            if (value != null) {
                errors.add(new FieldError(at + ".value", "a hide takes no value"));
            }
        }
        if (errors.size() != before) {
            return null;
        }
        return new ChangeOp(i, op, kind, env, key, "set".equals(op) ? value : null, description);
    }

    /** Where each kind lives, and that flag documents are JSON objects. */
    private static void checkKind(String kind, String env, JsonNode value, List<FieldError> errors, String at) {
        if ("schema".equals(kind) && env != null) {
            errors.add(new FieldError(
                    at + ".environment",
                    "schemas are defined once per project: leave out \"environment\" (the schema applies to"
                            + " every environment)"));
        }
        if (("flag".equals(kind) || "segment".equals(kind)) && env != null) {
            errors.add(new FieldError(
                    at + ".environment",
                    kind + "s are defined once per project: leave out \"environment\" (per-environment flag"
                            + " settings are kind \"targeting\")"));
        }
        if ("targeting".equals(kind) && env == null) {
            errors.add(new FieldError(at + ".environment", "targeting is per environment: give \"environment\""));
        }
        if ("secret".equals(kind)) {
            if (env == null) {
                errors.add(new FieldError(at + ".environment", "secrets are per environment: give \"environment\""));
            }
            if (value != null && !value.isNull() && !value.isTextual()) {
                errors.add(new FieldError(at + ".value", "a secret's value is a string"));
            } else if (value != null && value.asText().length() > MAX_SECRET) {
                errors.add(new FieldError(at + ".value", "a secret's value is at most " + MAX_SECRET + " characters"));
            }
            return;
        }
        if (!"config".equals(kind) && value != null && !value.isNull() && !value.isObject()) {
            errors.add(new FieldError(at + ".value", "a " + kind + " is a JSON object"));
        }
    }

    static String text(JsonNode node, String field, int max, List<FieldError> errors) {
        return text(node, field, max, errors, "");
    }

    private static String text(JsonNode node, String field, int max, List<FieldError> errors, String prefix) {
        JsonNode v = node.get(field);
        String name = prefix.isEmpty() ? field : prefix + "." + field;
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        if (v.asText().length() > max) {
            errors.add(new FieldError(name, "is longer than " + max + " characters"));
            return null;
        }
        return v.asText();
    }
}

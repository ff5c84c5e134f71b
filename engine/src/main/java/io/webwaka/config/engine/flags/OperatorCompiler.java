package io.webwaka.config.engine.flags;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles one {@code {attribute, op, values}} condition: checks the values against the operator
 * and parses them once (hash sets, RE2/J patterns, semvers, instants). Stateless.
 *
 * <p>Why RE2/J for {@code matches}: patterns are written by admins but matched against values sent
 * by applications and their end users, on the evaluation hot path of every SDK and the server. A
 * backtracking engine ({@code java.util.regex}) can take exponential time on patterns such as {@code
 * (a+)+$}; RE2/J runs in time linear in the input for every pattern, so no value can hang an
 * evaluation. It lacks backreferences and lookaround, which targeting does not need.
 */
final class OperatorCompiler {
    private OperatorCompiler() {}

    /** The node for a value or presence condition, or {@code null} after reporting problems. */
    static Node compile(
            String attribute,
            String name,
            Map<String, Object> condition,
            boolean negate,
            boolean ci,
            Problems.Scope scope,
            String path) {
        Op op = Op.byName(name);
        if (op == null) {
            scope.report(path + "/op", "unknown operator \"" + name + "\"; expected one of " + Op.names());
            return null;
        }
        if (ci && !op.caseInsensitiveAllowed) {
            scope.report(path + "/caseInsensitive", "does not apply to " + op.jsonName + " (only to string operators)");
        }
        if (op.kind == Op.Kind.PRESENCE) {
            Object values = condition.get("values");
            if (values != null && !(values instanceof List && ((List<?>) values).isEmpty())) {
                scope.report(path + "/values", op.jsonName + " takes no values");
            }
            return new Node.Presence(attribute, (op == Op.EXISTS) != negate, written(op, List.of(), negate, ci));
        }
        List<?> values = values(condition, op, scope, path);
        Operator operator = values == null ? null : operator(op, values, ci, scope, path + "/values");
        return operator == null
                ? null
                : new Node.Value(attribute, operator, negate != op.negated, written(op, values, negate, ci));
    }

    /** The condition as written, for explanations (values already checked to be JSON scalars). */
    @SuppressWarnings("unchecked") // freeze returns a List for a List
    private static Node.Written written(Op op, List<?> values, boolean negate, boolean ci) {
        return new Node.Written(op.jsonName, (List<Object>) JsonValues.freeze(values), negate, ci);
    }

    private static List<?> values(Map<String, Object> condition, Op op, Problems.Scope scope, String path) {
        List<?> values = Members.array(condition, "values", true, scope, path);
        if (values == null) {
            return null;
        }
        if (op.singleValue && values.size() != 1) {
            String hint = op.kind == Op.Kind.EQUALS ? " (use in/notIn for several)" : "";
            scope.report(path + "/values", op.jsonName + " takes exactly one value, not " + values.size() + hint);
            return null;
        }
        if (values.isEmpty()) {
            scope.report(path + "/values", op.jsonName + " needs at least one value");
            return null;
        }
        return values;
    }

    private static Operator operator(Op op, List<?> values, boolean ci, Problems.Scope scope, String path) {
        int before = scope.count();
        Operator operator;
        switch (op.kind) {
            case EQUALS:
                operator = equalsAny(values, ci, scope, path);
                break;
            case STARTS_WITH:
                operator = new Operator.StartsWith(strings(values, scope, path), ci);
                break;
            case ENDS_WITH:
                operator = new Operator.EndsWith(strings(values, scope, path), ci);
                break;
            case CONTAINS:
                operator = new Operator.Contains(strings(values, scope, path), ci);
                break;
            case MATCHES:
                operator = new Operator.Matches(patterns(values, ci, scope, path));
                break;
            case NUMBER:
                operator = new Operator.NumberCompare(numbers(values, scope, path), op.comparison);
                break;
            case SEMVER:
                operator = new Operator.SemverCompare(semvers(values, scope, path), op.comparison, new Memo());
                break;
            default:
                operator = new Operator.InstantCompare(instants(values, scope, path), op.comparison);
        }
        return scope.count() == before ? operator : null;
    }

    private static Operator equalsAny(List<?> values, boolean ci, Problems.Scope scope, String path) {
        Map<String, String> strings = new HashMap<>();
        double[] numbers = new double[values.size()];
        int count = 0;
        boolean anyTrue = false;
        boolean anyFalse = false;
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof String) {
                // interned: values that applications pass as literals (country codes …) then hit by identity
                String string = (ci ? CaseFold.fold((String) v) : (String) v).intern();
                strings.put(string, string);
            } else if (v instanceof Number && JsonValues.isFinite((Number) v)) {
                numbers[count++] = ((Number) v).doubleValue() + 0.0;
            } else if (v instanceof Boolean) {
                anyTrue |= (Boolean) v;
                anyFalse |= !(Boolean) v;
            } else {
                scope.report(path + "/" + i, "must be a string, number or boolean, not " + Members.describe(v));
            }
        }
        double[] sorted = Arrays.copyOf(numbers, count);
        Arrays.sort(sorted);
        return new Operator.EqualsAny(StringTable.of(strings), ci, sorted, anyTrue, anyFalse);
    }

    private static String[] strings(List<?> values, Problems.Scope scope, String path) {
        String[] strings = new String[values.size()];
        for (int i = 0; i < strings.length; i++) {
            Object v = values.get(i);
            if (v instanceof String) {
                strings[i] = (String) v;
            } else {
                scope.report(path + "/" + i, "must be a string, not " + Members.describe(v));
            }
        }
        return strings;
    }

    private static Pattern[] patterns(List<?> values, boolean ci, Problems.Scope scope, String path) {
        String[] sources = strings(values, scope, path);
        Pattern[] patterns = new Pattern[sources.length];
        for (int i = 0; i < sources.length; i++) {
            try {
                patterns[i] =
                        sources[i] == null ? null : Pattern.compile(sources[i], ci ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                scope.report(path + "/" + i, "is not a valid RE2 regular expression: " + e.getDescription());
            }
        }
        return patterns;
    }

    private static double[] numbers(List<?> values, Problems.Scope scope, String path) {
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            Object v = values.get(i);
            if (v instanceof Number && JsonValues.isFinite((Number) v)) {
                numbers[i] = ((Number) v).doubleValue();
            } else {
                scope.report(path + "/" + i, "must be a number, not " + Members.describe(v));
            }
        }
        return numbers;
    }

    private static Semver[] semvers(List<?> values, Problems.Scope scope, String path) {
        String[] sources = strings(values, scope, path);
        Semver[] versions = new Semver[sources.length];
        for (int i = 0; i < sources.length; i++) {
            versions[i] = sources[i] == null ? null : Semver.parse(sources[i]);
            if (sources[i] != null && versions[i] == null) {
                scope.report(
                        path + "/" + i,
                        "\"" + sources[i] + "\" is not a SemVer 2.0.0 version (e.g. 2.1.0 or 2.1.0-rc.1)");
            }
        }
        return versions;
    }

    private static Instant[] instants(List<?> values, Problems.Scope scope, String path) {
        String[] sources = strings(values, scope, path);
        Instant[] instants = new Instant[sources.length];
        for (int i = 0; i < sources.length; i++) {
            instants[i] = sources[i] == null ? null : Instants.parse(sources[i]);
            if (sources[i] != null && instants[i] == null) {
                scope.report(
                        path + "/" + i,
                        "\"" + sources[i] + "\" is not an ISO-8601 instant (e.g. 2025-03-01T12:00:00Z)");
            }
        }
        return instants;
    }
}

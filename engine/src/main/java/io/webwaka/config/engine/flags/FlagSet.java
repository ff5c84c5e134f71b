package io.webwaka.config.engine.flags;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled flags of one project environment, and the evaluator. Obtain one from {@link
 * FlagCompiler#compile}.
 *
 * <p><b>Design note.</b> Everything that can be decided before a context is known is decided at
 * compile time: conditions become a tree of {@code Node} records holding hash sets, RE2/J patterns,
 * parsed semvers and instants; every possible result (variant × reason × rule) becomes an {@code
 * Outcome} that already holds its {@link Evaluation}, its typed {@link EvaluationDetails} and its
 * unboxed value. Evaluating is then a map lookup, a walk over the rules with attribute lookups, and
 * at most one streaming murmur3 hash ({@link Bucketing}): for boolean flags nothing is allocated and
 * nothing is boxed. Evaluation never throws: unknown flags, type mismatches, flags that failed to
 * compile and any unexpected exception come back as {@link Reason#ERROR} with an {@link ErrorCode},
 * and the typed getters return the caller's default.
 *
 * <p>Semantics the contract leaves open, fixed here (and pinned by the conformance cases):
 *
 * <ul>
 *   <li>A failed prerequisite serves the off-variant with reason {@link Reason#DISABLED} (the flag is
 *       off for that context; OpenFeature has no prerequisite reason).
 *   <li>A flag without targeting in an environment is off. Without an off-variant (booleans default
 *       to {@code off}) or a default serve, nothing is served and the caller's default is used, with
 *       reason {@code DISABLED} or {@code DEFAULT} and no variant.
 *   <li>A value condition on a missing attribute — or on one its operator cannot compare, such as a
 *       number for {@code startsWith} or a non-SemVer string for {@code semverGte} — is false even
 *       when negated: the contract says such a condition is false. Only {@code exists}/{@code
 *       notExists} are flipped by {@code negate} on a missing attribute. A negated segment condition
 *       holds when the segment does not, including for contexts that lack its attributes.
 *   <li>{@code eq}/{@code in} compare strings, numbers (numerically: 30 equals 30.0) and booleans,
 *       never across types (the string "30" does not equal 30); numeric operators take numbers only
 *       and semver/instant operators strings only. {@code caseInsensitive} folds each char (as
 *       {@link String#equalsIgnoreCase} does); {@code matches} is an unanchored RE2 search.
 *   <li>A rollout hashes a string {@code by} attribute as is and an integral number as its decimal
 *       digits; any other value, or none, lands in bucket 0.
 *   <li>The typed getters require the flag's exact type: {@code jsonValue} on a string flag is a
 *       {@code TYPE_MISMATCH}.
 * </ul>
 *
 * <p>Immutable and thread-safe; share one instance between threads and swap whole sets on change.
 * {@code null} arguments never throw: a {@code null} key is {@code FLAG_NOT_FOUND}, a {@code null}
 * context is the empty context, a {@code null} default is returned as given.
 */
public final class FlagSet {
    private static final FlagSet EMPTY = new FlagSet(Map.of());

    private final StringTable<CompiledFlag> flags;

    FlagSet(Map<String, CompiledFlag> flags) {
        Map<String, CompiledFlag> interned = new HashMap<>(); // callers pass flag keys as literals: identity hits
        flags.forEach((key, flag) -> interned.put(key.intern(), flag));
        this.flags = StringTable.of(interned);
    }

    /** The set with no flags (every evaluation is {@code FLAG_NOT_FOUND}). */
    public static FlagSet empty() {
        return EMPTY;
    }

    /** The keys of every flag, including those that failed to compile. Unmodifiable. */
    public Set<String> keys() {
        return flags.keySet();
    }

    /** The type of a flag, if it exists (also for flags that failed to compile, when their type was readable). */
    public Optional<FlagType> type(String flagKey) {
        CompiledFlag flag = flagKey == null ? null : flags.find(flagKey);
        return flag == null ? Optional.empty() : Optional.ofNullable(flag.type);
    }

    /** Evaluates a flag without a caller default: on error, or when nothing is served, there is no value. */
    public Evaluation evaluate(String flagKey, EvaluationContext ctx) {
        CompiledFlag flag = flagKey == null ? null : flags.find(flagKey);
        if (flag == null) {
            return Evaluation.error(ErrorCode.FLAG_NOT_FOUND, notFound(flagKey));
        }
        try {
            return flag.resolve(orEmpty(ctx)).evaluation;
        } catch (RuntimeException | StackOverflowError e) {
            return Evaluation.error(ErrorCode.GENERAL, general(e));
        }
    }

    /**
     * Explains why the context gets its result for a flag: prerequisites, each rule and condition,
     * what decided, the rollout bucket. Its {@link Explanation#evaluation()} equals {@link
     * #evaluate} for the same arguments. For people (an API's explain mode, debugging), not for hot
     * paths: it allocates freely. Never throws; {@code null} arguments behave as in {@link #evaluate}.
     */
    public Explanation explain(String flagKey, EvaluationContext ctx) {
        Explanation.Builder explanation = new Explanation.Builder(flagKey);
        CompiledFlag flag = flagKey == null ? null : flags.find(flagKey);
        if (flag == null) {
            return explanation.result(
                    Explanation.Decision.NOT_FOUND, Evaluation.error(ErrorCode.FLAG_NOT_FOUND, notFound(flagKey)));
        }
        try {
            return flag.explain(orEmpty(ctx), explanation);
        } catch (RuntimeException | StackOverflowError e) {
            return new Explanation.Builder(flagKey)
                    .flag(flag.type, true, false)
                    .result(Explanation.Decision.ERROR, Evaluation.error(ErrorCode.GENERAL, general(e)));
        }
    }

    /** Evaluates every flag for one context, in key order. A new unmodifiable map. */
    public Map<String, Evaluation> evaluateAll(EvaluationContext ctx) {
        Map<String, Evaluation> results = new LinkedHashMap<>();
        flags.keySet().stream().sorted().forEach(key -> results.put(key, evaluate(key, ctx)));
        return Collections.unmodifiableMap(results);
    }

    /** A boolean flag's value for the context, or {@code defaultValue}; allocates nothing. */
    public boolean boolValue(String flagKey, EvaluationContext ctx, boolean defaultValue) {
        Outcome outcome = servedOutcome(flagKey, ctx, FlagType.BOOLEAN);
        return outcome == null ? defaultValue : outcome.boolValue;
    }

    /** A string flag's value for the context, or {@code defaultValue}. */
    public String stringValue(String flagKey, EvaluationContext ctx, String defaultValue) {
        Outcome outcome = servedOutcome(flagKey, ctx, FlagType.STRING);
        return outcome == null ? defaultValue : (String) outcome.value;
    }

    /** A number flag's value for the context, or {@code defaultValue}. */
    public double numberValue(String flagKey, EvaluationContext ctx, double defaultValue) {
        Outcome outcome = servedOutcome(flagKey, ctx, FlagType.NUMBER);
        return outcome == null ? defaultValue : outcome.numberValue;
    }

    /** A JSON flag's value (a frozen JSON value: Map, List, String, Number or Boolean), or {@code defaultValue}. */
    public Object jsonValue(String flagKey, EvaluationContext ctx, Object defaultValue) {
        Outcome outcome = servedOutcome(flagKey, ctx, FlagType.JSON);
        return outcome == null ? defaultValue : outcome.value;
    }

    /** A boolean flag's value with variant, reason and error code; allocates nothing when a value is served. */
    public EvaluationDetails<Boolean> boolDetails(String flagKey, EvaluationContext ctx, boolean defaultValue) {
        return details(flagKey, ctx, FlagType.BOOLEAN, defaultValue);
    }

    /** A string flag's value with variant, reason and error code. */
    public EvaluationDetails<String> stringDetails(String flagKey, EvaluationContext ctx, String defaultValue) {
        return details(flagKey, ctx, FlagType.STRING, defaultValue);
    }

    /** A number flag's value with variant, reason and error code. */
    public EvaluationDetails<Double> numberDetails(String flagKey, EvaluationContext ctx, double defaultValue) {
        return details(flagKey, ctx, FlagType.NUMBER, defaultValue);
    }

    /** A JSON flag's value with variant, reason and error code. */
    public EvaluationDetails<Object> jsonDetails(String flagKey, EvaluationContext ctx, Object defaultValue) {
        return details(flagKey, ctx, FlagType.JSON, defaultValue);
    }

    /** The outcome if it serves a value of the wanted type, else {@code null} (use the default). */
    private Outcome servedOutcome(String flagKey, EvaluationContext ctx, FlagType wanted) {
        CompiledFlag flag = flagKey == null ? null : flags.find(flagKey);
        if (flag == null || flag.type != wanted) {
            return null;
        }
        try {
            Outcome outcome = flag.resolve(orEmpty(ctx));
            return outcome.hasValue() ? outcome : null;
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked") // an outcome's precomputed details hold the Java type of the flag's type
    private <T> EvaluationDetails<T> details(String flagKey, EvaluationContext ctx, FlagType wanted, T defaultValue) {
        CompiledFlag flag = flagKey == null ? null : flags.find(flagKey);
        if (flag == null) {
            return EvaluationDetails.error(defaultValue, ErrorCode.FLAG_NOT_FOUND, notFound(flagKey));
        }
        if (flag.type != null && flag.type != wanted) { // an unreadable type resolves to PARSE_ERROR below
            return EvaluationDetails.error(defaultValue, ErrorCode.TYPE_MISMATCH, mismatch(flag, wanted));
        }
        try {
            Outcome o = flag.resolve(orEmpty(ctx));
            if (o.details != null) {
                return (EvaluationDetails<T>) o.details;
            }
            return new EvaluationDetails<>(defaultValue, null, o.reason, o.ruleIndex, o.errorCode, o.errorMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return EvaluationDetails.error(defaultValue, ErrorCode.GENERAL, general(e));
        }
    }

    private static EvaluationContext orEmpty(EvaluationContext ctx) {
        return ctx == null ? EvaluationContext.empty() : ctx;
    }

    private static String notFound(String flagKey) {
        return "flag '" + flagKey + "' not found";
    }

    private static String mismatch(CompiledFlag flag, FlagType wanted) {
        String actual = flag.type == null ? "unknown" : flag.type.jsonName();
        return "flag '" + flag.key + "' is of type " + actual + ", not " + wanted.jsonName();
    }

    private static String general(Throwable e) {
        return "evaluation failed: " + e;
    }

    @Override
    public String toString() {
        return "FlagSet" + flags.keySet();
    }
}

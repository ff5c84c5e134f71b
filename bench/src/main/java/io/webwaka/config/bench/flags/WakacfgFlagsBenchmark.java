package io.webwaka.config.bench.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webwaka.config.engine.flags.Bucketing;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.engine.flags.FlagCompilation;
import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.FlagSet;
import io.webwaka.config.engine.flags.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-process evaluation with our engine ({@link FlagSet}) of the three flags of issue 3, defined in
 * the resource {@code /bench/flags/wakacfg-flags.json}: (a) a boolean flag that is on, (b) three
 * conditions ({@code country in} 20 countries, {@code accountAgeDays gt 30}, {@code appVersion semverGte
 * 2.3.0}) then a 50 % rollout, (c) a three-variant weighted split. Each call takes the next of
 * {@link Users#COUNT} pre-built contexts (the targeting key is the user id, the attribute rollouts
 * hash, as Unleash's {@code stickiness: userId}). The peers run in the same JMH invocation: {@link
 * UnleashFlagsBenchmark}, {@link OpenFeatureInMemoryBenchmark}.
 *
 * <p>Set-up fails the run unless every flag compiles without problems and evaluates, for every
 * user, to the value, variant and reason computed independently from the user's attributes and
 * {@link Bucketing#bucket}.
 *
 * <p>Run (all flag benchmarks, ours and the peers', as bench/RESULTS.md reports them): {@code
 * bench/flags-jmh.sh}, or {@code ./mvnw -B -q package -pl bench -am -DskipTests && java -jar
 * bench/target/benchmarks.jar 'bench.flags' -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 -bm avgt -tu ns -prof gc}.
 * This class only: {@code java -jar bench/target/benchmarks.jar WakacfgFlagsBenchmark -f 1 -wi 3 -w 2s
 * -i 5 -r 2s -bm avgt -tu ns -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WakacfgFlagsBenchmark {
    static final String SIMPLE = "bench.simple";
    static final String ROLLOUT = "bench.rollout";
    static final String VARIANT = "bench.variant";

    private FlagSet flags;
    private EvaluationContext[] contexts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        flags = compile();
        contexts = new EvaluationContext[Users.COUNT];
        for (int i = 0; i < Users.COUNT; i++) {
            contexts[i] = context(i);
        }
        sanityCheck();
    }

    /** (a) A boolean flag that is on, served by its default serve. */
    @Benchmark
    public boolean a_simpleOn() {
        return flags.boolValue(SIMPLE, nextContext(), false);
    }

    /** (b) {@code in} 20 countries, {@code gt}, {@code semverGte}, then 50 % on by the targeting key. */
    @Benchmark
    public boolean b_rollout3Conditions() {
        return flags.boolValue(ROLLOUT, nextContext(), false);
    }

    /** (b) with the context built on each call, as a request handler would: the builder's cost on top. */
    @Benchmark
    public boolean b_rollout3Conditions_contextPerCall() {
        return flags.boolValue(ROLLOUT, context(next++ & (Users.COUNT - 1)), false);
    }

    /** (c) A string flag split 33.4 / 33.3 / 33.3 % over three variants by the targeting key. */
    @Benchmark
    public String c_threeVariants() {
        return flags.stringValue(VARIANT, nextContext(), "none");
    }

    private EvaluationContext nextContext() {
        return contexts[next++ & (Users.COUNT - 1)];
    }

    private static EvaluationContext context(int i) {
        return EvaluationContext.builder()
                .targetingKey(Users.userId(i))
                .set("country", Users.country(i))
                .set("accountAgeDays", Integer.valueOf(Users.accountAgeDays(i)))
                .set("appVersion", Users.appVersion(i))
                .build();
    }

    @SuppressWarnings("unchecked") // a JSON object read by Jackson: LinkedHashMaps, so member order is kept
    private static FlagSet compile() throws IOException {
        Map<String, Object> json;
        try (InputStream in = WakacfgFlagsBenchmark.class.getResourceAsStream("/bench/flags/wakacfg-flags.json")) {
            json = new ObjectMapper().readValue(in, Map.class);
        }
        FlagCompilation compilation = FlagCompiler.compile(
                (Map<String, ?>) json.get("definitions"), (Map<String, ?>) json.get("targeting"), null);
        if (!compilation.isValid()) {
            throw new IllegalStateException("bench flags do not compile: " + compilation.problems());
        }
        return compilation.flags();
    }

    /** Fails the run unless each flag serves, for every user, what its definition says. */
    private void sanityCheck() {
        int rolloutOn = 0;
        Map<String, Integer> variants = new TreeMap<>();
        for (int i = 0; i < Users.COUNT; i++) {
            check(flags.boolDetails(SIMPLE, contexts[i], false), true, "on", Reason.DEFAULT, i);
            rolloutOn += checkRollout(i) ? 1 : 0;
            variants.merge(checkVariant(i), 1, Integer::sum);
        }
        String summary = "sanity: wakacfg simple=" + Users.COUNT + "/" + Users.COUNT + " rollout=" + rolloutOn + "/"
                + Users.COUNT + " variants=" + variants;
        System.out.println(summary);
        if (rolloutOn < Users.COUNT / 20 || rolloutOn > Users.COUNT / 2 || variants.size() != 3) {
            throw new IllegalStateException("unexpected spread: " + summary);
        }
    }

    /** (b) for user {@code i}: on exactly when eligible and in the lower half of the buckets. */
    private boolean checkRollout(int i) {
        boolean eligible = Users.eligible(i);
        boolean on = eligible && Bucketing.bucket(ROLLOUT, Users.userId(i)) < 50_000;
        Reason reason = eligible ? Reason.SPLIT : Reason.DEFAULT;
        check(flags.boolDetails(ROLLOUT, contexts[i], !on), on, on ? "on" : "off", reason, i);
        return on;
    }

    /** (c) for user {@code i}: the variant owning its bucket, with that variant's value. */
    private String checkVariant(int i) {
        String variant = expectedVariant(Bucketing.bucket(VARIANT, Users.userId(i)));
        check(flags.stringDetails(VARIANT, contexts[i], "none"), variant + "-payload", variant, Reason.SPLIT, i);
        return variant;
    }

    private static String expectedVariant(int bucket) {
        return bucket < 33_400 ? "red" : bucket < 66_700 ? "green" : "blue";
    }

    private static void check(EvaluationDetails<?> actual, Object value, String variant, Reason reason, int user) {
        if (!actual.value().equals(value)
                || !actual.variant().orElse("").equals(variant)
                || actual.reason() != reason) {
            throw new IllegalStateException(
                    "user " + user + ": expected " + value + "/" + variant + "/" + reason + ", got " + actual);
        }
    }
}

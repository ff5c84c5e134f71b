package io.webwaka.config.bench.flags;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The peer of {@link WakacfgFlagsBenchmark}'s flag (a): the OpenFeature Java SDK ({@code
 * dev.openfeature:sdk}) with its built-in {@link InMemoryProvider} serving a static boolean flag
 * whose default variant is {@code on}. This is the cost of OpenFeature's client (hooks, context
 * merging, details) over a provider that does no targeting at all. Same users as ours, as {@link
 * ImmutableContext}s with the user id as targeting key.
 *
 * <p>Set-up fails the run unless the flag is on for every user.
 *
 * <p>Run: {@code bench/flags-jmh.sh} (with ours, in one JMH run), or this class only: {@code java -jar
 * bench/target/benchmarks.jar OpenFeatureInMemoryBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -bm avgt -tu ns
 * -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenFeatureInMemoryBenchmark {
    private static final String SIMPLE = "bench.simple";

    private Client client;
    private EvaluationContext[] contexts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Flag<Boolean> simple = Flag.<Boolean>builder()
                .variant("on", true)
                .variant("off", false)
                .defaultVariant("on")
                .build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(new InMemoryProvider(Map.of(SIMPLE, simple)));
        client = api.getClient("wakacfg-bench");
        contexts = new EvaluationContext[Users.COUNT];
        for (int i = 0; i < Users.COUNT; i++) {
            contexts[i] = new ImmutableContext(
                    Users.userId(i),
                    Map.of(
                            "country", new Value(Users.country(i)),
                            "accountAgeDays", new Value(Users.accountAgeDays(i)),
                            "appVersion", new Value(Users.appVersion(i))));
        }
        for (int i = 0; i < Users.COUNT; i++) {
            if (!client.getBooleanValue(SIMPLE, false, contexts[i])) {
                throw new IllegalStateException("openfeature: " + SIMPLE + " is not on for user " + i);
            }
        }
        System.out.println("sanity: openfeature simple=" + Users.COUNT + "/" + Users.COUNT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        OpenFeatureAPI.getInstance().shutdown();
    }

    /** (a) {@code getBooleanValue} of a static flag that is on. */
    @Benchmark
    public boolean a_simpleOn() {
        return client.getBooleanValue(SIMPLE, false, contexts[next++ & (Users.COUNT - 1)]);
    }
}

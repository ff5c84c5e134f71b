package io.webwaka.config.bench.flags;

import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.repository.ToggleBootstrapFileProvider;
import io.getunleash.util.UnleashConfig;
import io.getunleash.variant.Payload;
import io.getunleash.variant.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The peer of {@link WakacfgFlagsBenchmark}: the same three flags and users in the official Unleash
 * Java SDK ({@code io.getunleash:unleash-client-java}, its Yggdrasil engine behind JNI), bootstrapped
 * from the resource {@code /bench/flags/unleash-bootstrap.json} with no server, polling and metrics
 * off. (a) is a {@code default} strategy, (b) a {@code flexibleRollout} of 50 % sticky on {@code userId} with
 * constraints {@code IN} (20 countries), {@code NUM_GT 30} and {@code SEMVER_GT 2.2.9}, (c) a {@code
 * flexibleRollout} of 100 % with variants weighted 334 / 333 / 333.
 *
 * <p>{@code SEMVER_GT 2.2.9} stands for our {@code semverGte 2.3.0} (the same for these users):
 * yggdrasil-engine 0.5.1 does not know {@code SEMVER_GTE} and evaluates such a constraint as false.
 * The bootstrap keeps a copy of (b) with the literal {@code SEMVER_GTE} to show it: the set-up line
 * prints {@code rollout_semver_gte=0/1024}.
 *
 * <p>Set-up fails the run unless (a) is on for everyone, (b) is on only for users who pass the three
 * conditions and for 35–65 % of them, and (c) serves all three variants with their payloads.
 *
 * <p>Run: {@code bench/flags-jmh.sh} (with ours, in one JMH run), or this class only: {@code java -jar
 * bench/target/benchmarks.jar UnleashFlagsBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -bm avgt -tu ns -prof
 * gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UnleashFlagsBenchmark {
    private Path workDir;
    private Unleash unleash;
    private UnleashContext[] contexts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        workDir = Files.createTempDirectory("wakacfg-bench-unleash-");
        // the SDK resolves "classpath:" bootstrap paths with Paths.get(URI), which fails inside a jar
        Path bootstrap = workDir.resolve("unleash-bootstrap.json");
        try (InputStream in = UnleashFlagsBenchmark.class.getResourceAsStream("/bench/flags/unleash-bootstrap.json")) {
            Files.copy(in, bootstrap);
        }
        UnleashConfig config = UnleashConfig.builder()
                .appName("wakacfg-bench")
                .instanceId("wakacfg-bench-1")
                .unleashAPI("http://127.0.0.1:9/api/") // never contacted: polling and metrics are off
                .disablePolling()
                .disableMetrics()
                .backupFile(workDir.resolve("no-backup.json").toString()) // a backup file would win over the bootstrap
                .toggleBootstrapProvider(new ToggleBootstrapFileProvider(bootstrap.toString()))
                .build();
        unleash = new DefaultUnleash(config);
        contexts = new UnleashContext[Users.COUNT];
        for (int i = 0; i < Users.COUNT; i++) {
            contexts[i] = context(i);
        }
        sanityCheck();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        unleash.shutdown();
        try (var files = Files.list(workDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(workDir);
    }

    /** (a) {@code default} strategy: on for everyone. */
    @Benchmark
    public boolean a_simpleOn() {
        return unleash.isEnabled("bench.simple", nextContext());
    }

    /** (b) {@code flexibleRollout} 50 % on userId with IN(20), NUM_GT, SEMVER_GT constraints. */
    @Benchmark
    public boolean b_rollout3Conditions() {
        return unleash.isEnabled("bench.rollout", nextContext());
    }

    /** (b) with the context built on each call, as a request handler would. */
    @Benchmark
    public boolean b_rollout3Conditions_contextPerCall() {
        return unleash.isEnabled("bench.rollout", context(next++ & (Users.COUNT - 1)));
    }

    /** (c) Three weighted variants (334 / 333 / 333), sticky on userId. */
    @Benchmark
    public Variant c_threeVariants() {
        return unleash.getVariant("bench.variant", nextContext());
    }

    private UnleashContext nextContext() {
        return contexts[next++ & (Users.COUNT - 1)];
    }

    private static UnleashContext context(int i) {
        return UnleashContext.builder()
                .userId(Users.userId(i))
                .addProperty("country", Users.country(i))
                .addProperty("accountAgeDays", Integer.toString(Users.accountAgeDays(i)))
                .addProperty("appVersion", Users.appVersion(i))
                .build();
    }

    /** Fails the run unless each flag behaves, for every user, as configured. */
    private void sanityCheck() {
        int simpleOn = 0;
        int rolloutOn = 0;
        int literalGteOn = 0;
        Map<String, Integer> variants = new TreeMap<>();
        for (int i = 0; i < Users.COUNT; i++) {
            simpleOn += unleash.isEnabled("bench.simple", contexts[i]) ? 1 : 0;
            rolloutOn += checkRollout(i) ? 1 : 0;
            literalGteOn += unleash.isEnabled("bench.rollout_semver_gte", contexts[i]) ? 1 : 0;
            variants.merge(checkVariant(i), 1, Integer::sum);
        }
        int eligible =
                (int) IntStream.range(0, Users.COUNT).filter(Users::eligible).count();
        String summary = "sanity: unleash simple=" + simpleOn + "/" + Users.COUNT + " rollout=" + rolloutOn + "/"
                + Users.COUNT + " (of " + eligible + " eligible) variants=" + variants + " rollout_semver_gte="
                + literalGteOn + "/" + Users.COUNT + (literalGteOn == 0 ? " (SEMVER_GTE unknown to this engine)" : "");
        System.out.println(summary);
        boolean rolloutHalf = rolloutOn >= eligible * 35 / 100 && rolloutOn <= eligible * 65 / 100;
        if (simpleOn != Users.COUNT || !rolloutHalf || variants.size() != 3) {
            throw new IllegalStateException("unleash flags not as configured (bootstrap not loaded?): " + summary);
        }
    }

    /** (b) for user {@code i}; on only when the user passes the three constraints. */
    private boolean checkRollout(int i) {
        boolean on = unleash.isEnabled("bench.rollout", contexts[i]);
        if (on && !Users.eligible(i)) {
            throw new IllegalStateException("unleash: bench.rollout on for ineligible user " + i);
        }
        return on;
    }

    /** (c) for user {@code i}: the variant's name, after checking it carries its own payload. */
    private String checkVariant(int i) {
        Variant variant = unleash.getVariant("bench.variant", contexts[i]);
        String payload = variant.getPayload().map(Payload::getValue).orElse("");
        if (!payload.equals(variant.getName() + "-payload")) {
            throw new IllegalStateException("unleash: user " + i + " got variant " + variant);
        }
        return variant.getName();
    }
}

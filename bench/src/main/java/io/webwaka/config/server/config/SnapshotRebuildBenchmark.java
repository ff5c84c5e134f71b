package io.webwaka.config.server.config;

import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.Project;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the server takes to bring a project's in-memory state (and the compiled client
 * snapshots) up to date after one committed change: the cost between a commit and the moment
 * clients can read it. Lives in the server's package to reach its package-private state.
 *
 * <p>Run: {@code ./mvnw -B -q package -pl bench -am -DskipTests && java -jar
 * bench/target/benchmarks.jar SnapshotRebuild -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SnapshotRebuildBenchmark {
    @Param({"200", "10000"})
    int keys;

    private ProjectState state;
    private List<ItemVersion> prodChange;
    private List<ItemVersion> defaultChange;

    @Setup
    public void setUp() {
        Project project = new Project(1, "bench", "Bench", 1, Instant.now());
        List<Environment> envs = List.of(
                new Environment(1, 1, "dev", "Development", false, 0),
                new Environment(2, 1, "staging", "Staging", false, 1),
                new Environment(3, 1, "prod", "Production", true, 2));
        List<ItemVersion> rows = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String key = "svc.group" + (i / 50) + ".key" + i;
            rows.add(new ItemVersion("config", 0, key, 1, ItemState.SET, value(i), null));
            if (i % 10 == 0) {
                rows.add(new ItemVersion("config", 3, key, 1, ItemState.SET, "\"prod-" + i + "\"", null));
            }
        }
        state = ProjectState.load(project, envs, rows);
        prodChange = List.of(new ItemVersion("config", 3, "svc.group0.key1", 2, ItemState.SET, "\"changed\"", null));
        defaultChange = List.of(new ItemVersion("config", 0, "svc.group0.key1", 2, ItemState.SET, "\"changed\"", null));
    }

    private static String value(int i) {
        return switch (i % 4) {
            case 0 -> "\"value-" + i + "-xxxxxxxxxxxxxxxx\"";
            case 1 -> Integer.toString(i * 7);
            case 2 -> Boolean.toString(i % 2 == 0);
            default -> "{\"min\":" + i + ",\"max\":" + (i * 2) + ",\"name\":\"pool-" + i + "\"}";
        };
    }

    /** One override changed in prod: only prod's snapshot is recompiled. */
    @Benchmark
    public ProjectState oneOverrideChanged() {
        return state.advance(2, prodChange);
    }

    /** One project-wide default changed: every environment's snapshot is recompiled. */
    @Benchmark
    public ProjectState oneDefaultChanged() {
        return state.advance(2, defaultChange);
    }
}

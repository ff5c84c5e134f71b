package io.webwaka.config.store;

import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.assertj.core.api.Assertions;

/**
 * Model check of the MVCC reads: for random histories, {@code stateAsOf(r)} equals the latest write
 * per item up to {@code r} in a plain in-memory model, and {@code changesSince(r)} is exactly the
 * writes after {@code r}. One store per kind serves all tries; each try uses a new project.
 */
class HistoryPropertyTest {
    private static final Map<StoreKind, ConfigStore> STORES = new EnumMap<>(StoreKind.class);
    private static final AtomicInteger PROJECTS = new AtomicInteger();
    /** The order of the store's reads within a revision (one kind here): layer, then key. */
    private static final Comparator<ItemVersion> LAYER_KEY =
            Comparator.comparingLong(ItemVersion::envId).thenComparing(ItemVersion::key);

    private static Path scratchDir;

    /** One write of a change: {@code slot} is "layer/key", layer 0 or 1 (the dev environment). */
    record Op(String slot, ItemState state, String value) {}

    @Property(tries = 40)
    void sqlite_stateAsOfAndChangesSince_matchTheModel(@ForAll("histories") List<List<Op>> history) {
        check(StoreKind.SQLITE, history);
    }

    @Property(tries = 40)
    void postgres_stateAsOfAndChangesSince_matchTheModel(@ForAll("histories") List<List<Op>> history) {
        check(StoreKind.POSTGRESQL, history);
    }

    @Provide
    Arbitrary<List<List<Op>>> histories() {
        Arbitrary<String> slots = Arbitraries.of("0/a", "0/b", "0/c", "1/a", "1/b");
        Arbitrary<ItemState> states = Arbitraries.of(ItemState.class);
        Arbitrary<Integer> values = Arbitraries.integers().between(0, 99);
        Arbitrary<Op> ops = Combinators.combine(slots, states, values)
                .as((slot, state, v) -> new Op(slot, state, state == ItemState.SET ? String.valueOf(v) : null));
        Arbitrary<List<Op>> change = ops.list().ofMinSize(1).ofMaxSize(4).uniqueElements(Op::slot);
        return change.list().ofMinSize(1).ofMaxSize(8);
    }

    private static void check(StoreKind kind, List<List<Op>> history) {
        ConfigStore store = store(kind);
        String key = "p" + PROJECTS.incrementAndGet();
        Project project = store.createProject(
                key, key, List.of(new NewEnvironment("dev", "Dev", false)), StoreFixture.audit("project.create", key));
        long dev = store.environments(project.id()).get(0).id();
        List<ItemVersion> written = new ArrayList<>();
        for (List<Op> change : history) {
            long revision = store.commit(StoreFixture.commitOf(project, Commit.ANY_REVISION, "", writes(change, dev)));
            change.forEach(op -> written.add(version(op, dev, revision)));
        }
        for (long r = 0; r <= history.size(); r++) {
            Assertions.assertThat(store.stateAsOf(project.id(), r)).isEqualTo(modelStateAsOf(written, r));
            Assertions.assertThat(store.changesSince(project.id(), r)).isEqualTo(modelChangesSince(written, r));
        }
    }

    private static ItemWrite[] writes(List<Op> change, long dev) {
        return change.stream()
                .map(op -> {
                    ItemVersion v = version(op, dev, 0);
                    return new ItemWrite(v.kind(), v.envId(), v.key(), v.state(), v.value(), null);
                })
                .toArray(ItemWrite[]::new);
    }

    private static ItemVersion version(Op op, long dev, long revision) {
        long envId = op.slot().startsWith("0/") ? 0 : dev;
        return new ItemVersion(
                StoreFixture.CONFIG, envId, op.slot().substring(2), revision, op.state(), op.value(), null);
    }

    private static List<ItemVersion> modelStateAsOf(List<ItemVersion> written, long r) {
        Map<String, ItemVersion> latest = new TreeMap<>();
        written.stream().filter(v -> v.revision() <= r).forEach(v -> latest.put(v.envId() + "/" + v.key(), v));
        return latest.values().stream().sorted(LAYER_KEY).toList();
    }

    private static List<ItemVersion> modelChangesSince(List<ItemVersion> written, long r) {
        return written.stream()
                .filter(v -> v.revision() > r)
                .sorted(Comparator.comparingLong(ItemVersion::revision).thenComparing(LAYER_KEY))
                .toList();
    }

    private static synchronized ConfigStore store(StoreKind kind) {
        return STORES.computeIfAbsent(kind, k -> k.openFresh(scratchDir()));
    }

    private static Path scratchDir() {
        try {
            if (scratchDir == null) {
                scratchDir = Files.createTempDirectory("wakacfg-props");
            }
            return scratchDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void closeStores() throws IOException {
        STORES.values().forEach(ConfigStore::close);
        STORES.clear();
        if (scratchDir != null) {
            try (Stream<Path> paths = Files.walk(scratchDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

package io.webwaka.config.server.config;

import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.Problem;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.ItemWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates flag definitions, targeting and segments at write time with the engine's compiler: the
 * state a change would produce is compiled for every environment, and every problem the change
 * introduces is reported against the operation that caused it (a JSON pointer into its value), or
 * against the item it breaks (e.g. a rule referring to a segment the change deletes).
 */
final class FlagValidation {
    private FlagValidation() {}

    static boolean touchesFlags(List<ItemWrite> writes) {
        return writes.stream().anyMatch(w -> !Layers.KIND.equals(w.kind()));
    }

    /** The problems {@code writes} would introduce, as field errors. */
    static List<FieldError> problems(ProjectState state, List<ItemWrite> writes, List<ChangeOp> ops) {
        if (!touchesFlags(writes)) {
            return List.of();
        }
        List<ItemVersion> rows = new ArrayList<>();
        for (ItemWrite w : writes) {
            rows.add(new ItemVersion(w.kind(), w.envId(), w.key(), state.head() + 1, w.state(), w.value(), null));
        }
        Items proposed = state.items().apply(rows);
        Set<String> before = currentProblems(state);
        Map<String, FieldError> out = new LinkedHashMap<>();
        for (Environment env : state.environments()) {
            for (Problem p : compile(proposed, env.id())) {
                if (!before.contains(text(env, p))) {
                    FieldError error = field(env, p, ops);
                    out.putIfAbsent(error.field() + "\u0000" + error.message(), error);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The problems of the current state, as its compiled snapshots already found them. */
    private static Set<String> currentProblems(ProjectState state) {
        Set<String> out = new LinkedHashSet<>();
        for (Environment env : state.environments()) {
            state.snapshot(env.id()).flagProblems().forEach(p -> out.add(text(env, p)));
        }
        return out;
    }

    static List<Problem> compile(Items items, long envId) {
        return FlagCompiler.compile(
                        CompiledSnapshot.plain(
                                CompiledSnapshot.live(items.flags().layer(0))),
                        CompiledSnapshot.plain(
                                CompiledSnapshot.live(items.targeting().layer(envId))),
                        CompiledSnapshot.plain(
                                CompiledSnapshot.live(items.segments().layer(0))))
                .problems();
    }

    private static String text(Environment env, Problem p) {
        String scope = p.source() == Problem.Source.TARGETING ? env.key() + ":" : "";
        return scope + p.pointer() + " " + p.message();
    }

    private static FieldError field(Environment env, Problem p, List<ChangeOp> ops) {
        String kind = switch (p.source()) {
            case FLAG -> Layers.FLAG;
            case TARGETING -> Layers.TARGETING;
            case SEGMENT -> Layers.SEGMENT;
        };
        String opEnv = p.source() == Problem.Source.TARGETING ? env.key() : null;
        for (ChangeOp op : ops) {
            if (op.kind().equals(kind)
                    && op.key().equals(p.key())
                    && java.util.Objects.equals(op.environment(), opEnv)) {
                return new FieldError(op.field("value") + p.path(), describe(env, p));
            }
        }
        String where = p.source() == Problem.Source.TARGETING ? "environments/" + env.key() : "";
        return new FieldError(where + p.pointer(), describe(env, p));
    }

    private static String describe(Environment env, Problem p) {
        String what = switch (p.source()) {
            case FLAG -> "flag '" + p.key() + "'";
            case TARGETING -> "targeting of flag '" + p.key() + "' in " + env.key();
            case SEGMENT -> "segment '" + p.key() + "'";
        };
        return what + (p.path().isEmpty() ? "" : " at " + p.path()) + ": " + p.message();
    }
}

package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the compiler's problems; {@link Scope} reports into one document. Single-threaded. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    Scope scope(Problem.Source source, String key) {
        return new Scope(source, key);
    }

    /** Every problem, grouped by source and key (stable: paths keep their discovery order). */
    List<Problem> sorted() {
        List<Problem> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparing(Problem::source).thenComparing(Problem::key));
        return copy;
    }

    /** Reports problems of one document and counts them. */
    final class Scope {
        private final Problem.Source source;
        private final String key;
        private int count;

        private Scope(Problem.Source source, String key) {
            this.source = source;
            this.key = key;
        }

        String key() {
            return key;
        }

        void report(String path, String message) {
            list.add(new Problem(source, key, path, message));
            count++;
        }

        boolean hasProblems() {
            return count > 0;
        }

        /** How many problems were reported so far: compare before and after a step to see if it failed. */
        int count() {
            return count;
        }
    }
}

package io.webwaka.config.engine.flags;

import java.util.Objects;

/**
 * One problem the {@link FlagCompiler} found in a flag definition, a targeting document or a
 * segment. Compilation never throws; it reports every problem it finds as one of these.
 *
 * @param source which kind of document the problem is in
 * @param key the key of that document (the flag key for definitions and targeting, the segment key)
 * @param path a JSON pointer (RFC 6901) inside that document, e.g. {@code /rules/0/when/1/op}; {@code
 *     ""} for the document itself
 * @param message what is wrong, in one human-readable sentence without a trailing period
 */
public record Problem(Source source, String key, String path, String message) {

    /** Validates the components (all non-null). */
    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The pointer into the compiler's whole input, {@code /<member>/<key><path>}, e.g. {@code
     * /targeting/new-checkout/rules/0/when/1/op} — as if the three inputs were members {@code flags},
     * {@code targeting} and {@code segments} of one JSON object.
     */
    public String pointer() {
        return "/" + source.member() + "/" + JsonValues.pointerToken(key) + path;
    }

    @Override
    public String toString() {
        return pointer() + ": " + message;
    }

    /** The kinds of document the compiler reads. */
    public enum Source {
        /** A flag definition (type, variants, salt). */
        FLAG("flags"),
        /** A flag's targeting in one environment (on, rules, defaultServe, offVariant, prerequisites). */
        TARGETING("targeting"),
        /** A segment (a named, reusable list of conditions). */
        SEGMENT("segments");

        private final String member;

        Source(String member) {
            this.member = member;
        }

        /** The member name used in {@link Problem#pointer()}: {@code flags}, {@code targeting}, {@code segments}. */
        public String member() {
            return member;
        }
    }
}

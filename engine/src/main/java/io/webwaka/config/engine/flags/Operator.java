package io.webwaka.config.engine.flags;

import com.google.re2j.Pattern;
import java.time.Instant;
import java.util.Arrays;

/**
 * A compiled comparison of one attribute value against a condition's literal values (already
 * parsed: hash sets, RE2/J patterns, semvers, instants). A condition holds when the attribute
 * satisfies the operator for <em>any</em> of its values. {@code apply} answers {@link #MATCH}, {@link
 * #NO_MATCH}, or {@link #INCOMPARABLE} when the attribute's type does not fit the operator (the
 * condition is then false whatever {@code negate} says). Immutable apart from the semver operators'
 * {@link Memo} (thread-safe); {@code apply} never throws and, apart from {@code matches} and {@code
 * before}/{@code after}, never allocates.
 */
sealed interface Operator
        permits Operator.EqualsAny,
                Operator.StartsWith,
                Operator.EndsWith,
                Operator.Contains,
                Operator.Matches,
                Operator.NumberCompare,
                Operator.SemverCompare,
                Operator.InstantCompare {
    int MATCH = 1;
    int NO_MATCH = 0;
    int INCOMPARABLE = -1;

    /** Compares the (non-null) attribute value. */
    int apply(Object value);

    private static int of(boolean match) {
        return match ? MATCH : NO_MATCH;
    }

    /** {@code eq}/{@code in} (and, negated, {@code neq}/{@code notIn}) over strings, numbers, booleans. */
    record EqualsAny(
            StringTable<String> strings, boolean caseInsensitive, double[] numbers, boolean anyTrue, boolean anyFalse)
            implements Operator {
        @Override
        public int apply(Object value) {
            if (value instanceof String) {
                String s = (String) value;
                return of(strings.find(caseInsensitive ? CaseFold.fold(s) : s) != null);
            }
            if (value instanceof Boolean) {
                return of((Boolean) value ? anyTrue : anyFalse);
            }
            if (value instanceof Number) {
                double d = ((Number) value).doubleValue() + 0.0; // + 0.0 turns -0.0 into 0.0
                return of(Arrays.binarySearch(numbers, d) >= 0);
            }
            return INCOMPARABLE;
        }
    }

    /** {@code startsWith}: string attributes only. */
    record StartsWith(String[] prefixes, boolean caseInsensitive) implements Operator {
        @Override
        public int apply(Object value) {
            if (!(value instanceof String)) {
                return INCOMPARABLE;
            }
            String s = (String) value;
            for (String p : prefixes) {
                if (s.regionMatches(caseInsensitive, 0, p, 0, p.length())) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
    }

    /** {@code endsWith}: string attributes only. */
    record EndsWith(String[] suffixes, boolean caseInsensitive) implements Operator {
        @Override
        public int apply(Object value) {
            if (!(value instanceof String)) {
                return INCOMPARABLE;
            }
            String s = (String) value;
            for (String p : suffixes) {
                if (s.length() >= p.length()
                        && s.regionMatches(caseInsensitive, s.length() - p.length(), p, 0, p.length())) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
    }

    /** {@code contains}: string attributes only. */
    record Contains(String[] parts, boolean caseInsensitive) implements Operator {
        @Override
        public int apply(Object value) {
            if (!(value instanceof String)) {
                return INCOMPARABLE;
            }
            String s = (String) value;
            for (String p : parts) {
                if (contains(s, p)) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }

        private boolean contains(String s, String part) {
            if (!caseInsensitive) {
                return s.contains(part);
            }
            for (int i = 0; i + part.length() <= s.length(); i++) {
                if (s.regionMatches(true, i, part, 0, part.length())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code matches}: RE2/J search (unanchored: use {@code ^…$} to match the whole value); linear time. */
    record Matches(Pattern[] patterns) implements Operator {
        @Override
        public int apply(Object value) {
            if (!(value instanceof String)) {
                return INCOMPARABLE;
            }
            for (Pattern p : patterns) {
                if (p.matcher((String) value).find()) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
    }

    /** {@code lt}/{@code lte}/{@code gt}/{@code gte}: number attributes only, compared as doubles. */
    record NumberCompare(double[] limits, Comparison comparison) implements Operator {
        @Override
        public int apply(Object value) {
            if (!(value instanceof Number)) {
                return INCOMPARABLE;
            }
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return INCOMPARABLE;
            }
            for (double limit : limits) {
                if (comparison.holds(Double.compare(d + 0.0, limit + 0.0))) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
    }

    /**
     * {@code semverEq} … {@code semverGte}: string attributes that parse as SemVer 2.0.0. The answer
     * for each recent attribute string is kept in {@code memo}: versions repeat across contexts, and
     * the parse is most of the cost.
     */
    record SemverCompare(Semver[] versions, Comparison comparison, Memo memo) implements Operator {
        @Override
        public int apply(Object value) {
            if (!(value instanceof String)) {
                return INCOMPARABLE;
            }
            String s = (String) value;
            int answer = memo.get(s);
            if (answer == Memo.ABSENT) {
                answer = compare(s);
                memo.put(s, answer);
            }
            return answer;
        }

        private int compare(String value) {
            for (Semver version : versions) {
                int c = Semver.compare(value, version);
                if (c == Semver.INVALID) {
                    return INCOMPARABLE;
                }
                if (comparison.holds(c)) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
    }

    /** {@code before} ({@link Comparison#LT}) / {@code after} ({@link Comparison#GT}): ISO-8601 string attributes. */
    record InstantCompare(Instant[] instants, Comparison comparison) implements Operator {
        @Override
        public int apply(Object value) {
            Instant instant = value instanceof String ? Instants.parse((String) value) : null;
            if (instant == null) {
                return INCOMPARABLE;
            }
            for (Instant limit : instants) {
                if (comparison.holds(instant.compareTo(limit))) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
    }

    /** How a three-way comparison result ({@code attribute} vs {@code literal}) must come out. */
    enum Comparison {
        LT,
        LTE,
        GT,
        GTE,
        EQ;

        boolean holds(int c) {
            switch (this) {
                case LT:
                    return c < 0;
                case LTE:
                    return c <= 0;
                case GT:
                    return c > 0;
                case GTE:
                    return c >= 0;
                default:
                    return c == 0;
            }
        }
    }
}

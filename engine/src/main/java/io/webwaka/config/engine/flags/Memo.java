package io.webwaka.config.engine.flags;

/**
 * An operator's recent answers ({@link Operator#MATCH}, {@link Operator#NO_MATCH}, {@link
 * Operator#INCOMPARABLE}) by attribute string, for operators that must parse the attribute on every
 * call ({@code semver*}). Attribute values such as an app version take a handful of distinct values
 * across all contexts, so a small table keyed by the string saves the parse on almost every call.
 *
 * <p><b>Design note.</b> One direct-mapped table of {@value #SIZE} strings per answer, indexed by
 * {@link String#hashCode} (cached in the string): a string found in the {@code MATCH} table has that
 * answer, since answers depend on nothing else. Remembering is one reference store of the caller's
 * own string, so the memo never allocates, and a racing reader sees the old string or the new one,
 * never a key paired with another key's answer: no locks, no entry objects. A hit compares by
 * identity, then {@code equals}. A miss costs the parse; the string then replaces what was in its
 * slot. Strings longer than {@value #MAX_LENGTH} chars are not kept, so the memo pins little.
 * Thread-safe.
 */
final class Memo {
    /** {@link #get}'s answer when the string is not remembered. */
    static final int ABSENT = Integer.MIN_VALUE;

    private static final int SIZE = 32;
    private static final int MAX_LENGTH = 32;

    private final String[] match = new String[SIZE];
    private final String[] noMatch = new String[SIZE];
    private final String[] incomparable = new String[SIZE];

    /** The remembered answer for {@code text}, or {@link #ABSENT}. Allocates nothing. */
    int get(String text) {
        int slot = slot(text);
        if (same(match[slot], text)) {
            return Operator.MATCH;
        }
        if (same(noMatch[slot], text)) {
            return Operator.NO_MATCH;
        }
        return same(incomparable[slot], text) ? Operator.INCOMPARABLE : ABSENT;
    }

    /** Remembers {@code answer} (one of the three) for {@code text}, unless {@code text} is too long to keep. */
    void put(String text, int answer) {
        if (text.length() <= MAX_LENGTH) {
            String[] table = answer == Operator.MATCH ? match : answer == Operator.NO_MATCH ? noMatch : incomparable;
            table[slot(text)] = text;
        }
    }

    private static boolean same(String remembered, String text) {
        return remembered == text || (remembered != null && remembered.equals(text));
    }

    private static int slot(String text) {
        int h = text.hashCode();
        return (h ^ h >>> 16) & (SIZE - 1);
    }
}

package io.webwaka.config.engine.flags;

/**
 * Locale-independent case folding for {@code caseInsensitive} conditions: each UTF-16 char maps to
 * {@code toLowerCase(toUpperCase(c))}, the same per-char equivalence as {@link
 * String#equalsIgnoreCase} and {@link String#regionMatches(boolean, int, String, int, int)}, so the
 * hash-set operators ({@code in}) and the scanning ones ({@code startsWith} …) agree. Stateless.
 */
final class CaseFold {
    private CaseFold() {}

    /** The folded string; the same instance (no allocation) when nothing changes. */
    static String fold(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && fold(s.charAt(i)) == s.charAt(i)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < n; i++) {
            chars[i] = fold(chars[i]);
        }
        return new String(chars);
    }

    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }
}

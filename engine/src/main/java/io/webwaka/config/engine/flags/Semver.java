package io.webwaka.config.engine.flags;

/**
 * A SemVer 2.0.0 version literal of a condition, and the allocation-free comparison of an attribute
 * string against it.
 *
 * <p><b>Design note.</b> Attribute versions arrive as strings on every evaluation; parsing them into
 * objects would allocate on the hot path. {@link #compare} instead validates and compares the string
 * in place, in one pass for the common {@code major.minor.patch}: parts of up to 18 digits compare
 * as {@code long}s, longer ones as digit strings (longer is larger, then lexically), so nothing
 * overflows; pre-release identifiers follow SemVer §11 (numeric ones compare numerically and
 * rank below alphanumeric ones, which compare in ASCII order; a shorter list that is a prefix ranks
 * lower; any pre-release ranks below the release); build metadata is validated and ignored, so
 * {@code 1.0.0+a} equals {@code 1.0.0+b}. The grammar is strict: no {@code v} prefix, no leading
 * zeros, exactly three parts. Immutable, thread-safe.
 */
final class Semver {
    /** {@link #compare}'s answer for an attribute that is not a SemVer 2.0.0 version. */
    static final int INVALID = Integer.MIN_VALUE;

    /** Major, minor and patch as digit strings (exact at any length). */
    private final String[] digits;

    /** Major, minor and patch as numbers, or -1 for a part longer than 18 digits. */
    private final long[] core;

    private final String[] pre;

    private Semver(String[] digits, String[] pre) {
        this.digits = digits;
        this.core = new long[3];
        for (int i = 0; i < 3; i++) {
            core[i] = digits[i].length() <= 18 ? Long.parseLong(digits[i]) : -1;
        }
        this.pre = pre;
    }

    /** The parsed literal, or {@code null} when {@code text} is not a SemVer 2.0.0 version. */
    static Semver parse(String text) {
        Positions p = Positions.scan(text);
        if (p == null) {
            return null;
        }
        String[] pre = p.preStart < 0
                ? new String[0]
                : text.substring(p.preStart, p.preEnd).split("\\.");
        String[] digits = {text.substring(0, p.e0), text.substring(p.e0 + 1, p.e1), text.substring(p.e1 + 1, p.e2)};
        return new Semver(digits, pre);
    }

    /** The sign (-1, 0, 1) of {@code attribute} compared with {@code literal}, or {@link #INVALID}. */
    static int compare(String s, Semver literal) {
        int n = s.length();
        int i = 0;
        int c = 0;
        for (int part = 0; part < 3; part++, i++) { // one pass over "major.minor.patch"
            int start = i;
            long value = 0;
            for (char ch; i < n && (ch = s.charAt(i)) >= '0' && ch <= '9'; i++) {
                value = value * 10 + (ch - '0'); // overflows only past 18 digits, where it is not used
            }
            if (i == start || (i - start > 1 && s.charAt(start) == '0') || (part < 2 && !charIs(s, i, '.'))) {
                return INVALID;
            }
            if (c == 0) {
                c = i - start <= 18 && literal.core[part] >= 0
                        ? Long.compare(value, literal.core[part])
                        : compareNumber(s, start, i, literal.digits[part]);
            }
        }
        int e2 = i - 1;
        if (e2 == n) { // the common case: a plain release version
            return c != 0 ? Integer.signum(c) : literal.pre.length == 0 ? 0 : 1;
        }
        return compareTail(s, e2, c, literal);
    }

    /** Validates and compares what follows the patch number at {@code e2}: a pre-release and build metadata. */
    private static int compareTail(String s, int e2, int coreComparison, Semver literal) {
        int preEnd = charIs(s, e2, '-') ? identifiersEnd(s, e2 + 1, true) : e2;
        if (preEnd < 0
                || (preEnd < s.length()
                        && !(charIs(s, preEnd, '+') && identifiersEnd(s, preEnd + 1, false) == s.length()))) {
            return INVALID;
        }
        int c = coreComparison != 0 ? coreComparison : comparePre(s, preEnd > e2 ? e2 + 1 : -1, preEnd, literal.pre);
        return Integer.signum(c);
    }

    private static boolean charIs(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierChar(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    }

    /** The end of a numeric part starting at {@code i} (no leading zero), or -1. */
    private static int numberEnd(String s, int i) {
        int j = i;
        while (j < s.length() && isDigit(s.charAt(j))) {
            j++;
        }
        return j == i || (s.charAt(i) == '0' && j - i > 1) ? -1 : j;
    }

    /** The end of dot-separated, non-empty identifiers from {@code i}, or -1 (pre-release: no leading zeros). */
    private static int identifiersEnd(String s, int i, boolean preRelease) {
        int start = i;
        boolean numeric = true;
        int j = i;
        for (; j <= s.length(); j++) {
            char c = j < s.length() ? s.charAt(j) : '+';
            if (isIdentifierChar(c)) {
                numeric &= isDigit(c);
                continue;
            }
            if (j == start || (preRelease && numeric && s.charAt(start) == '0' && j - start > 1)) {
                return -1;
            }
            if (c != '.') {
                return j;
            }
            start = j + 1;
            numeric = true;
        }
        return -1;
    }

    /** Compares digit strings without leading zeros: longer is larger, then lexically. */
    private static int compareNumber(String s, int from, int to, String digits) {
        int byLength = Integer.compare(to - from, digits.length());
        return byLength != 0 ? byLength : compareRegion(s, from, to, digits);
    }

    private static int compareRegion(String s, int from, int to, String other) {
        int n = Math.min(to - from, other.length());
        for (int k = 0; k < n; k++) {
            int c = Character.compare(s.charAt(from + k), other.charAt(k));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(to - from, other.length());
    }

    /** SemVer §11 pre-release precedence; {@code from} is -1 when the attribute has no pre-release. */
    private static int comparePre(String s, int from, int to, String[] literal) {
        if (from < 0 || literal.length == 0) {
            return from < 0 ? (literal.length == 0 ? 0 : 1) : -1;
        }
        int k = 0;
        for (int i = from; i <= to; k++) {
            int j = s.indexOf('.', i);
            j = j < 0 || j > to ? to : j;
            if (k == literal.length) {
                return 1;
            }
            int c = compareIdentifier(s, i, j, literal[k]);
            if (c != 0) {
                return c;
            }
            i = j + 1;
        }
        return k < literal.length ? -1 : 0;
    }

    private static int compareIdentifier(String s, int from, int to, String literal) {
        boolean numeric = isNumeric(s, from, to);
        boolean literalNumeric = isNumeric(literal, 0, literal.length());
        if (numeric != literalNumeric) {
            return numeric ? -1 : 1;
        }
        return numeric ? compareNumber(s, from, to, literal) : compareRegion(s, from, to, literal);
    }

    private static boolean isNumeric(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Where the parts of a valid version end: major [0,e0), minor, patch, pre-release [preStart, preEnd). */
    private static final class Positions {
        int e0;
        int e1;
        int e2;
        int preStart = -1;
        int preEnd = -1;

        static Positions scan(String s) {
            Positions p = new Positions();
            p.e0 = numberEnd(s, 0);
            p.e1 = p.e0 < 0 || !charIs(s, p.e0, '.') ? -1 : numberEnd(s, p.e0 + 1);
            p.e2 = p.e1 < 0 || !charIs(s, p.e1, '.') ? -1 : numberEnd(s, p.e1 + 1);
            if (p.e2 < 0) {
                return null;
            }
            int end = p.e2;
            if (charIs(s, p.e2, '-')) {
                p.preStart = p.e2 + 1;
                p.preEnd = end = identifiersEnd(s, p.preStart, true);
            }
            boolean valid = end >= 0
                    && (end == s.length() || (charIs(s, end, '+') && identifiersEnd(s, end + 1, false) == s.length()));
            return valid ? p : null;
        }
    }
}

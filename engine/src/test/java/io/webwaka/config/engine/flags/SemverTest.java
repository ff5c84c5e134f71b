package io.webwaka.config.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Checks the in-place comparison against a straightforward reference built on semver.org's regex. */
class SemverTest {
    /** The regular expression semver.org recommends, verbatim. */
    private static final Pattern OFFICIAL = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    @Test
    void compare_specPrecedenceChain_isIncreasing() {
        List<String> chain = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "2.0.0",
                "2.1.0",
                "2.1.1");
        for (int i = 0; i < chain.size(); i++) {
            for (int j = 0; j < chain.size(); j++) {
                int c = Semver.compare(chain.get(i), Semver.parse(chain.get(j)));
                assertThat(c).as(chain.get(i) + " vs " + chain.get(j)).isEqualTo(Integer.compare(i, j));
            }
        }
    }

    @Property(tries = 3000)
    void parse_randomText_acceptsExactlyWhatTheOfficialRegexAccepts(@ForAll("versionish") String text) {
        boolean valid = OFFICIAL.matcher(text).matches();
        assertThat(Semver.parse(text) != null).as(text).isEqualTo(valid);
        assertThat(Semver.compare(text, Semver.parse("1.0.0")) != Semver.INVALID)
                .as(text)
                .isEqualTo(valid);
    }

    @Property(tries = 3000)
    void compare_validVersions_agreesWithReference(@ForAll("versions") String a, @ForAll("versions") String b) {
        assertThat(Semver.compare(a, Semver.parse(b))).as(a + " vs " + b).isEqualTo(reference(a, b));
    }

    @Provide
    Arbitrary<String> versionish() {
        return Arbitraries.strings()
                .withChars("0123456789.-+abZ")
                .ofMinLength(0)
                .ofMaxLength(14);
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> number = Arbitraries.of("0", "1", "2", "9", "10", "11", "99999999999999999999");
        Arbitrary<String> identifier =
                Arbitraries.of("0", "1", "2", "11", "alpha", "beta", "rc", "RC", "a-b", "1a", "-");
        Arbitrary<String> pre = identifier
                .list()
                .ofMinSize(0)
                .ofMaxSize(3)
                .map(ids -> ids.isEmpty() ? "" : "-" + String.join(".", ids));
        Arbitrary<String> build = Arbitraries.of("", "+b", "+build.01", "+x-y.z");
        return Combinators.combine(number, number, number, pre, build)
                .as((x, y, z, p, m) -> x + "." + y + "." + z + p + m);
    }

    /** SemVer §11 precedence, written the obvious (allocating) way. */
    private static int reference(String a, String b) {
        Matcher x = OFFICIAL.matcher(a);
        Matcher y = OFFICIAL.matcher(b);
        assertThat(x.matches() && y.matches()).isTrue();
        for (int g = 1; g <= 3; g++) {
            int c = new BigInteger(x.group(g)).compareTo(new BigInteger(y.group(g)));
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        if (x.group(4) == null || y.group(4) == null) {
            return x.group(4) == null ? (y.group(4) == null ? 0 : 1) : -1;
        }
        String[] p = x.group(4).split("\\.");
        String[] q = y.group(4).split("\\.");
        for (int i = 0; i < Math.min(p.length, q.length); i++) {
            int c = compareIdentifiers(p[i], q[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(p.length, q.length);
    }

    private static int compareIdentifiers(String p, String q) {
        boolean pn = p.chars().allMatch(Character::isDigit);
        boolean qn = q.chars().allMatch(Character::isDigit);
        if (pn && qn) {
            return new BigInteger(p).compareTo(new BigInteger(q));
        }
        if (pn != qn) {
            return pn ? -1 : 1;
        }
        return Integer.signum(p.compareTo(q));
    }
}

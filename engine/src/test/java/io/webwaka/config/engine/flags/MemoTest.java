package io.webwaka.config.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MemoTest {

    @Test
    void get_collidingString_isAbsentAndEqualStringHits() {
        Memo memo = new Memo();
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        memo.put("Aa", Operator.MATCH);
        assertThat(memo.get("BB")).isEqualTo(Memo.ABSENT);
        assertThat(memo.get(new String("Aa".toCharArray()))).isEqualTo(Operator.MATCH);
        memo.put("BB", Operator.MATCH); // takes the slot
        assertThat(memo.get("BB")).isEqualTo(Operator.MATCH);
        assertThat(memo.get("Aa")).isEqualTo(Memo.ABSENT);
        memo.put("Aa", Operator.INCOMPARABLE); // another answer's table: both are remembered
        assertThat(memo.get("Aa")).isEqualTo(Operator.INCOMPARABLE);
        assertThat(memo.get("BB")).isEqualTo(Operator.MATCH);
    }

    @Test
    void put_longString_isNotKept() {
        Memo memo = new Memo();
        String text = "1.0.0-" + "a".repeat(40);
        memo.put(text, Operator.NO_MATCH);
        assertThat(memo.get(text)).isEqualTo(Memo.ABSENT);
    }

    @Property(tries = 300)
    void semverOperator_repeatedAndInterleavedValues_answersAsWithoutMemo(
            @ForAll @Size(max = 60) List<@From("versionish") String> values) {
        Semver literal = Semver.parse("2.3.0");
        Operator memoized = new Operator.SemverCompare(new Semver[] {literal}, Operator.Comparison.GTE, new Memo());
        for (int round = 0; round < 2; round++) {
            for (String value : values) {
                int c = Semver.compare(value, literal);
                int expected =
                        c == Semver.INVALID ? Operator.INCOMPARABLE : c >= 0 ? Operator.MATCH : Operator.NO_MATCH;
                assertThat(memoized.apply(new String(value.toCharArray())))
                        .as(value)
                        .isEqualTo(expected);
            }
        }
    }

    @Provide
    Arbitrary<String> versionish() {
        return Arbitraries.of("2.2.9", "2.3.0", "2.4.1", "3.0.0", "2.3.0-rc.1", "02.3.0", "x", "Aa", "BB")
                .injectDuplicates(0.5);
    }
}

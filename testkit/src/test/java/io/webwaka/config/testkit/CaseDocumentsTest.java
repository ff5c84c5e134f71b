package io.webwaka.config.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseDocumentsTest {

    @Test
    void of_flagWithPrerequisiteChain_keepsOnlyTheFlagsItRequires() {
        CaseDocuments docs = CaseDocuments.of(first("prerequisites.json", "chain"));

        assertThat(docs.targeting()).containsKey("chain").doesNotContainKeys("broken", "cycle-a", "self");
        assertThat(docs.definitions().keySet()).isEqualTo(docs.targeting().keySet());
        assertThat(docs.targeting()).hasSizeGreaterThan(1);
    }

    @Test
    void of_flagUsingSegment_writesThatSegmentOnly() {
        CaseDocuments docs = CaseDocuments.of(first("segments.json", "beta-flag"));

        assertThat(docs.segments()).containsOnlyKeys("beta-testers");
        assertThat(docs.definitions()).containsOnlyKeys("beta-flag");
    }

    @Test
    void of_casesOfOneFlag_areEqual() {
        List<ConformanceCase> cases = ConformanceCases.load().stream()
                .filter(c -> c.file().equals("segments.json") && c.flag().equals("beta-flag"))
                .toList();

        assertThat(cases).hasSizeGreaterThan(1);
        assertThat(cases.stream().map(CaseDocuments::of).distinct()).hasSize(1);
    }

    @Test
    void changeOps_writesSegmentsThenDefinitionsThenTargetingOfTheEnvironment() {
        CaseDocuments docs = new CaseDocuments(
                Map.of("f", Map.of("type", "boolean")), Map.of("f", Map.of("on", true)), Map.of("s", Map.of()));

        List<Map<String, Object>> ops = docs.changeOps("staging");

        assertThat(ops).extracting(op -> op.get("kind")).containsExactly("segment", "flag", "targeting");
        assertThat(ops.get(0)).doesNotContainKey("environment").containsEntry("key", "s");
        assertThat(ops.get(2))
                .containsEntry("op", "set")
                .containsEntry("environment", "staging")
                .containsEntry("key", "f")
                .containsEntry("value", Map.of("on", true));
    }

    @Test
    void isEmpty_unknownFlag_hasNothingToWrite() {
        ConformanceCase c = ConformanceCases.load().stream()
                .filter(x -> x.expected()
                        .errorCode()
                        .filter("FLAG_NOT_FOUND"::equals)
                        .isPresent())
                .filter(x ->
                        !x.definitions().containsKey(x.flag()) && !x.targeting().containsKey(x.flag()))
                .findFirst()
                .orElseThrow();

        assertThat(CaseDocuments.of(c).isEmpty()).isTrue();
    }

    private static ConformanceCase first(String file, String flag) {
        return ConformanceCases.load().stream()
                .filter(c -> c.file().equals(file) && c.flag().equals(flag))
                .findFirst()
                .orElseThrow();
    }
}

package io.webwaka.config.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConformanceCasesTest {
    private static final Path DIR = Path.of("src/main/resources/conformance");

    @Test
    void index_listsEveryResourceFile() throws IOException {
        Set<String> listed = new HashSet<>();
        for (String kind : List.of("evaluation", "validation", "buckets")) {
            listed.addAll(ConformanceCases.files(kind));
        }
        try (Stream<Path> files = Files.list(DIR)) {
            Set<String> present = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.equals("index.json"))
                    .collect(Collectors.toSet());
            assertThat(listed).isEqualTo(present);
        }
    }

    @Test
    void load_readsAtLeast150UniquelyNamedCases() {
        List<ConformanceCase> cases = ConformanceCases.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        assertThat(cases.stream().map(ConformanceCase::displayName)).doesNotHaveDuplicates();
    }

    @Test
    void load_errorCodeIsPresentExactlyForErrors() {
        for (ConformanceCase c : ConformanceCases.load()) {
            assertThat(c.expected().errorCode().isPresent())
                    .as(c.displayName())
                    .isEqualTo(c.expected().reason().equals("ERROR"));
        }
    }

    @Test
    void load_splitsTargetingFromDefinitions() {
        ConformanceCase c = ConformanceCases.load().stream()
                .filter(x -> x.file().equals("basics.json") && x.flag().equals("new-checkout"))
                .findFirst()
                .orElseThrow();
        assertThat(c.definitions().get("new-checkout"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("targeting");
        assertThat(c.targeting()).containsKey("new-checkout");
        assertThat(c.call()).isEqualTo(ConformanceCase.CallType.BOOLEAN);
    }

    @Test
    void validationCases_loadWithPointers() {
        List<ValidationCase> cases = ConformanceCases.validationCases();
        assertThat(cases).isNotEmpty();
        List<String> pointers = new ArrayList<>();
        cases.forEach(c -> c.problems().forEach(p -> pointers.add(p.pointer())));
        assertThat(pointers)
                .allMatch(p -> p.startsWith("/flags/") || p.startsWith("/targeting/") || p.startsWith("/segments/"));
        assertThat(cases.stream().map(ValidationCase::displayName)).doesNotHaveDuplicates();
    }

    @Test
    void bucketVectors_areConsistent() {
        List<BucketVector> vectors = ConformanceCases.bucketVectors();
        assertThat(vectors).isNotEmpty();
        assertThat(vectors).allMatch(v -> v.bucket() == v.hash() % 100_000 && v.hash() >= 0 && v.hash() <= 0xffffffffL);
    }
}

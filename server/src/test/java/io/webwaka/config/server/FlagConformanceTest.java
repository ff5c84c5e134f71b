package io.webwaka.config.server;

import static io.webwaka.config.server.FlagDocs.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import io.webwaka.config.testkit.ConformanceCase;
import io.webwaka.config.testkit.ConformanceCases;
import io.webwaka.config.testkit.ExpectedEvaluation;
import io.webwaka.config.testkit.ValidationCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The test kit's golden cases through the server: each evaluation case's documents are written to
 * a project (one change set) and evaluated with {@code POST …/evaluate}, as the test kit's README
 * says for an untyped API; each validation case is written and must be refused with the same
 * problems, or accepted when it has none. One server on SQLite: nothing here depends on the store.
 *
 * <p>Skipped, with the reason in the display name: {@code TYPE_MISMATCH} cases (the endpoint has no
 * requested type), and cases whose flag can only be set up with invalid documents — the server
 * refuses those at write time (checked: 422) where the engine would evaluate them as {@code ERROR}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlagConformanceTest {
    private static final String ENV = "staging";
    private static final String SKIP_TYPED = "[not run here: typed call; the evaluate endpoint is untyped] ";
    private static final String REFUSED = "[needs invalid documents: the server must refuse them] ";

    private final AtomicInteger projectNumbers = new AtomicInteger();
    private final Map<String, String> projectsBySetup = new HashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private TestServer server;

    @BeforeAll
    void startServer() {
        server = TestServer.start(StoreKind.SQLITE);
    }

    @AfterAll
    void stopServer() {
        System.out.println("FlagConformanceTest: " + counts);
        skipped.forEach(name -> System.out.println("  " + name));
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> evaluate_goldenCase_matchesExpected() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceCase c : ConformanceCases.load()) {
            ConformanceSetup setup = ConformanceSetup.of(c);
            if (c.expected().errorCode().equals(Optional.of("TYPE_MISMATCH"))) {
                // Typed calls run through the SDK against a real server (app: SdkConformanceAgainstServerTest).
                count("not run here, typed");
                skipped.add(SKIP_TYPED + c.displayName());
            } else if (!setup.valid()) {
                count("refused at write time");
                tests.add(dynamicTest(REFUSED + c.displayName(), () -> checkRefused(c, setup)));
            } else {
                count("evaluated");
                tests.add(dynamicTest(c.displayName(), () -> check(c, setup)));
            }
        }
        int evaluated = counts.getOrDefault("evaluated", 0);
        tests.add(dynamicTest(
                "at least 150 cases run through the server " + counts,
                () -> assertThat(evaluated).isGreaterThanOrEqualTo(150)));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> write_validationCase_reportsTheSameProblems() {
        return ConformanceCases.validationCases().stream().map(c -> dynamicTest(c.displayName(), () -> check(c)));
    }

    private void check(ConformanceCase c, ConformanceSetup setup) {
        String p = projectFor(setup);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flag", c.flag());
        body.put("context", c.context());
        HttpResult r = server.post(ApiTestBase.env(p, ENV) + "/evaluate", body);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode got = r.json();
        ExpectedEvaluation e = c.expected();
        assertThat(got.path("reason").asText()).as("reason of %s", got).isEqualTo(e.reason());
        assertThat(text(got, "variant")).as("variant of %s", got).isEqualTo(e.variant());
        assertThat(got.has("ruleIndex") ? Optional.of(got.get("ruleIndex").asInt()) : Optional.empty())
                .as("ruleIndex of %s", got)
                .isEqualTo(e.ruleIndex().isPresent() ? Optional.of(e.ruleIndex().getAsInt()) : Optional.empty());
        assertThat(text(got, "errorCode")).as("errorCode of %s", got).isEqualTo(e.errorCode());
        if (e.variant().isPresent()) {
            assertThat(got.get("value").equals(FlagConformanceTest::compareJson, tree(e.value())))
                    .as("value of %s, expected %s", got, e.value())
                    .isTrue();
        } else {
            assertThat(got.path("value").isNull()).as("no value in %s", got).isTrue();
        }
    }

    /**
     * A case that needs documents the engine reports problems in: the engine evaluates the flag as
     * {@code PARSE_ERROR} (or, when it only requires a broken flag, as {@code DISABLED}); the server
     * refuses to store them (422) and writes nothing.
     */
    private void checkRefused(ConformanceCase c, ConformanceSetup setup) {
        assertThat(c.expected().errorCode().orElse(c.expected().reason()))
                .as("only broken flags and flags requiring them need invalid documents")
                .isIn("PARSE_ERROR", "DISABLED");
        String p = newProject();
        HttpResult r = server.post(ApiTestBase.project(p) + "/changes", FlagDocs.changeSet(setup.ops(ENV)));
        ApiTestBase.assertProblem(r, 422);
        assertThat(server.get(ApiTestBase.project(p)).json().get("revision").asLong())
                .isZero();
    }

    private void check(ValidationCase c) {
        ConformanceSetup setup = new ConformanceSetup(c.definitions(), c.targeting(), c.segments());
        List<Map<String, Object>> ops = setup.ops(ENV);
        String p = newProject();
        HttpResult r = server.post(ApiTestBase.project(p) + "/changes", FlagDocs.changeSet(ops));
        if (c.problems().isEmpty()) {
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            return;
        }
        JsonNode problem = ApiTestBase.assertProblem(r, 422);
        Set<String> expected = new TreeSet<>();
        for (ValidationCase.ExpectedProblem e : c.problems()) {
            String field = field(e.pointer(), ops);
            expected.add(field);
            FlagDocs.assertFieldError(problem, field, e.messageContains());
        }
        assertThat(new TreeSet<>(ApiTestBase.errorFields(problem))).isEqualTo(expected);
        assertThat(server.get(ApiTestBase.project(p)).json().get("revision").asLong())
                .isZero();
    }

    /** The change-set field of a test-kit pointer {@code /<member>/<key><path>}: {@code ops[i].value<path>}. */
    private static String field(String pointer, List<Map<String, Object>> ops) {
        String[] parts = pointer.split("/", 4);
        String kind = switch (parts[1]) {
            case "flags" -> "flag";
            case "segments" -> "segment";
            default -> "targeting";
        };
        String key = parts[2].replace("~1", "/").replace("~0", "~");
        String path = parts.length > 3 ? "/" + parts[3] : "";
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).get("kind").equals(kind) && ops.get(i).get("key").equals(key)) {
                return "ops[" + i + "].value" + path;
            }
        }
        throw new AssertionError("no operation writes " + pointer);
    }

    /** A project holding the setup's documents in {@link #ENV}; equal setups share one. */
    private String projectFor(ConformanceSetup setup) {
        return projectsBySetup.computeIfAbsent(setup.fingerprint(), f -> {
            String p = newProject();
            if (!setup.isEmpty()) {
                HttpResult r = server.post(ApiTestBase.project(p) + "/changes", FlagDocs.changeSet(setup.ops(ENV)));
                assertThat(r.status()).as("set up %s: %s", f, r).isEqualTo(201);
            }
            return p;
        });
    }

    private String newProject() {
        String key = "conf" + projectNumbers.incrementAndGet();
        HttpResult r = server.post(ApiTestBase.PROJECTS, Map.of("key", key));
        assertThat(r.status()).as("create project: %s", r).isEqualTo(201);
        return key;
    }

    private void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    /** JSON equality where numbers compare by value ({@code 10} equals {@code 10.0}). */
    private static int compareJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }
}

package io.webwaka.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.Problem;
import io.webwaka.config.sdk.WakaConfig;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import io.webwaka.config.testkit.CaseDocuments;
import io.webwaka.config.testkit.ConformanceCase;
import io.webwaka.config.testkit.ConformanceCases;
import io.webwaka.config.testkit.ExpectedEvaluation;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test kit's golden cases through the SDK against a real server (SQLite): each case's documents
 * are written to a project in one change set, an SDK with a staging key loads the snapshot, and the
 * typed {@code …Details} call the case names must give the expected value, variant, reason, rule
 * index and error code. Typed calls apply here, so {@code TYPE_MISMATCH} cases run too.
 *
 * <p>Cases with equal documents share one project and one SDK (opened when its first case runs,
 * closed after its last case). Skipped, with the reason in the display name:
 * cases whose flag can only be set up with documents the engine reports problems in — the server
 * refuses those at write time (checked: 422) where the engine would evaluate them as {@code ERROR}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkConformanceAgainstServerTest {
    private static final String ADMIN_TOKEN = "conformance-admin-token";
    private static final String ENV = "staging";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String SKIP_INVALID = "[needs invalid documents: the server must refuse them] ";

    @TempDir
    static Path dataDir;

    private final Map<CaseDocuments, String> projects = new HashMap<>();
    private final Map<CaseDocuments, WakaConfig> sdks = new HashMap<>();
    private final Map<CaseDocuments, Integer> casesLeft = new HashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private int projectNumber;
    private WakaServer server;
    private String baseUrl;

    @BeforeAll
    void startServer() {
        server = WakaServer.start(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .bootstrapAdminToken(ADMIN_TOKEN)
                .build());
        baseUrl = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stopServer() {
        System.out.println("SdkConformanceAgainstServerTest: " + counts + ", projects " + projects.size());
        sdks.values().forEach(WakaConfig::close);
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> sdkDetails_goldenCase_matchesExpected() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceCase c : ConformanceCases.load()) {
            CaseDocuments docs = CaseDocuments.of(c);
            List<Problem> problems = FlagCompiler.compile(docs.definitions(), docs.targeting(), docs.segments())
                    .problems();
            if (problems.isEmpty()) {
                casesLeft.merge(docs, 1, Integer::sum);
                tests.add(dynamicTest(c.displayName(), () -> checkThenRelease(c, docs)));
            } else {
                tests.add(dynamicTest(SKIP_INVALID + c.displayName(), () -> checkRefused(c, docs, problems)));
            }
        }
        int planned = tests.size();
        tests.add(dynamicTest(
                "at least 150 cases run through the SDK (of " + planned + ")",
                () -> assertThat(counts.getOrDefault("evaluated", 0))
                        .as("%s", counts)
                        .isGreaterThanOrEqualTo(150)));
        return tests.stream();
    }

    /** Checks {@code c}; after the last case of a project, closes its SDK. */
    private void checkThenRelease(ConformanceCase c, CaseDocuments docs) {
        try {
            check(c, docs);
        } finally {
            if (casesLeft.merge(docs, -1, Integer::sum) == 0 && sdks.containsKey(docs)) {
                sdks.remove(docs).close();
            }
        }
    }

    private void check(ConformanceCase c, CaseDocuments docs) {
        WakaConfig sdk = sdkFor(docs);
        EvaluationContext ctx = EvaluationContext.fromMap(c.context());
        EvaluationDetails<?> got = details(sdk, c, ctx);
        count("evaluated");
        ExpectedEvaluation e = c.expected();
        assertThat(jsonEquals(got.value(), e.value()))
                .as("value of %s, expected %s", got, e.value())
                .isTrue();
        assertThat(got.variant()).as("variant of %s", got).isEqualTo(e.variant());
        assertThat(got.reason().name()).as("reason of %s", got).isEqualTo(e.reason());
        assertThat(got.ruleIndex()).as("ruleIndex of %s", got).isEqualTo(e.ruleIndex());
        assertThat(got.errorCode().map(Enum::name)).as("errorCode of %s", got).isEqualTo(e.errorCode());
        assertThat(jsonEquals(value(sdk, c, ctx), e.value()))
                .as("the typed value getter agrees with the details call")
                .isTrue();
    }

    /**
     * A case that needs documents the engine reports problems in (it evaluates the flag as {@code
     * PARSE_ERROR}, or a flag requiring it as {@code DISABLED}): the server refuses the change set and
     * writes nothing, so the SDK can never see them.
     */
    private void checkRefused(ConformanceCase c, CaseDocuments docs, List<Problem> problems) {
        count("skipped, invalid documents");
        assertThat(c.expected().errorCode().orElse(c.expected().reason()))
                .as("only broken flags and flags requiring them need invalid documents")
                .isIn("PARSE_ERROR", "DISABLED");
        String p = newProject();
        HttpResponse<String> r = post("/api/v1/projects/" + p + "/changes", Map.of("ops", docs.changeOps(ENV)));
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(422);
        assertThat(revision(p)).as("nothing written").isZero();
    }

    /** The one SDK on the project holding {@code docs} in {@link #ENV}; one project per distinct documents. */
    private WakaConfig sdkFor(CaseDocuments docs) {
        return sdks.computeIfAbsent(docs, d -> connect(projects.computeIfAbsent(d, this::newProjectWith)));
    }

    private WakaConfig connect(String project) {
        Map<String, Object> created =
                json(post("/api/v1/projects/" + project + "/environments/" + ENV + "/sdk-keys", Map.of())
                        .body());
        WakaConfig sdk = WakaConfig.builder()
                .baseUrl(baseUrl)
                .sdkKey((String) created.get("key"))
                .pollInterval(POLL)
                .disableMetrics()
                .build();
        count("SDK instances (one per project)");
        try {
            assertThat(sdk.awaitInitialized(Duration.ofSeconds(10)))
                    .as("SDK on %s initialized", project)
                    .isTrue();
            assertThat(sdk.revision()).as("SDK revision on %s", project).isEqualTo(revision(project));
            return sdk;
        } catch (AssertionError e) {
            sdk.close();
            throw e;
        }
    }

    private long revision(String project) {
        return ((Number) json(get("/api/v1/projects/" + project).body()).get("revision")).longValue();
    }

    private String newProjectWith(CaseDocuments docs) {
        String p = newProject();
        if (!docs.isEmpty()) {
            HttpResponse<String> r = post("/api/v1/projects/" + p + "/changes", Map.of("ops", docs.changeOps(ENV)));
            assertThat(r.statusCode()).as("set up %s: %s", docs, r.body()).isEqualTo(201);
        }
        return p;
    }

    private String newProject() {
        String key = "sdkconf" + ++projectNumber;
        HttpResponse<String> r = post("/api/v1/projects", Map.of("key", key));
        assertThat(r.statusCode()).as("create project %s: %s", key, r.body()).isEqualTo(201);
        return key;
    }

    private static EvaluationDetails<?> details(WakaConfig sdk, ConformanceCase c, EvaluationContext ctx) {
        switch (c.call()) {
            case BOOLEAN:
                return sdk.boolDetails(c.flag(), ctx, (Boolean) c.defaultValue());
            case STRING:
                return sdk.stringDetails(c.flag(), ctx, (String) c.defaultValue());
            case NUMBER:
                return sdk.numberDetails(c.flag(), ctx, ((Number) c.defaultValue()).doubleValue());
            default:
                return sdk.jsonDetails(c.flag(), ctx, c.defaultValue());
        }
    }

    private static Object value(WakaConfig sdk, ConformanceCase c, EvaluationContext ctx) {
        switch (c.call()) {
            case BOOLEAN:
                return sdk.boolValue(c.flag(), ctx, (Boolean) c.defaultValue());
            case STRING:
                return sdk.stringValue(c.flag(), ctx, (String) c.defaultValue());
            case NUMBER:
                return sdk.numberValue(c.flag(), ctx, ((Number) c.defaultValue()).doubleValue());
            default:
                return sdk.jsonValue(c.flag(), ctx, c.defaultValue());
        }
    }

    /** JSON equality where numbers compare by value ({@code 10} equals {@code 10.0}). */
    private static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> jsonEquals(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return x.size() == y.size() && IntStream.range(0, x.size()).allMatch(i -> jsonEquals(x.get(i), y.get(i)));
        }
        return Objects.equals(a, b);
    }

    private void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private HttpResponse<String> post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body))));
        } catch (IOException e) {
            throw new AssertionError("cannot serialise " + body, e);
        }
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(
                    request.header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> json(String body) {
        try {
            return JSON.std.mapFrom(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}

package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The base of the API suites: a subclass is a {@code @ParameterizedClass} over {@link StoreKind},
 * so every test runs once against a server on SQLite and once against a server on PostgreSQL. One
 * server serves all tests of a class on one store (starting one per test would cost seconds), so
 * each test works in its own project from {@link #newProject()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {
    static final String PROJECTS = "/api/v1/projects";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final AtomicInteger PROJECT_NUMBERS = new AtomicInteger();

    @Parameter
    StoreKind kind;

    TestServer server;

    /** Changes the options of this class's server; the default keeps them. */
    UnaryOperator<ServerOptions.Builder> options() {
        return UnaryOperator.identity();
    }

    @BeforeParameterizedClassInvocation
    void startServer(StoreKind store) {
        server = TestServer.start(store, options());
    }

    @AfterParameterizedClassInvocation(injectArguments = false)
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Creates a project with a unique key (and dev, staging, prod); returns its key. */
    String newProject() {
        String key = "p" + PROJECT_NUMBERS.incrementAndGet();
        HttpResult r = server.post(PROJECTS, Map.of("key", key, "name", "Project " + key));
        assertThat(r.status()).as("create project %s: %s", key, r).isEqualTo(201);
        return key;
    }

    static String project(String p) {
        return PROJECTS + "/" + p;
    }

    static String env(String p, String e) {
        return project(p) + "/environments/" + e;
    }

    /** PUTs the project-wide default of a config and asserts 200. */
    HttpResult putDefault(String p, String key, Object value) {
        HttpResult r = server.put(project(p) + "/configs/" + key, Map.of("value", value));
        assertThat(r.status()).as("PUT default %s: %s", key, r).isEqualTo(200);
        return r;
    }

    /** PUTs an environment's override of a config and asserts 200. */
    HttpResult putOverride(String p, String e, String key, Object value) {
        HttpResult r = server.put(env(p, e) + "/configs/" + key, Map.of("value", value));
        assertThat(r.status()).as("PUT override %s/%s: %s", e, key, r).isEqualTo(200);
        return r;
    }

    /** The project's head revision. */
    long head(String p) {
        HttpResult r = server.get(project(p));
        assertThat(r.status()).as("GET project: %s", r).isEqualTo(200);
        return r.json().get("revision").asLong();
    }

    /** The effective configs of an environment ({@code configs} of {@code GET …/configs}). */
    JsonNode effective(String p, String e) {
        HttpResult r = server.get(env(p, e) + "/configs");
        assertThat(r.status()).as("GET effective configs: %s", r).isEqualTo(200);
        return r.json().get("configs");
    }

    /** The audit events of a project, newest first (up to 500). */
    List<JsonNode> auditOf(String p) {
        return audit("project=" + p);
    }

    /** The audit events matching a query string, newest first (up to 500). */
    List<JsonNode> audit(String query) {
        HttpResult r = server.get("/api/v1/audit?limit=500&" + query);
        assertThat(r.status()).as("GET audit: %s", r).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        r.json().get("events").forEach(events::add);
        return events;
    }

    /** Creates an SDK key for an environment and returns it. */
    String sdkKey(String p, String e) {
        HttpResult r = server.post(env(p, e) + "/sdk-keys", Map.of());
        assertThat(r.status()).as("create SDK key: %s", r).isEqualTo(201);
        return r.json().get("key").asText();
    }

    /** Asserts that a response is a problem document with this status and a detail; returns it. */
    static JsonNode assertProblem(HttpResult r, int status) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.contentType()).as("content type of %s", r).startsWith(PROBLEM_JSON);
        JsonNode problem = r.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as("detail of %s", r).isNotBlank();
        return problem;
    }

    /** The {@code field} of every entry of a problem's {@code errors}. */
    static List<String> errorFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    /** The {@code message} of every entry of a problem's {@code errors}, joined. */
    static String errorMessages(JsonNode problem) {
        List<String> messages = new ArrayList<>();
        problem.path("errors").forEach(e -> messages.add(e.path("message").asText()));
        return String.join(" | ", messages);
    }
}

package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client mistakes get a 4xx {@code application/problem+json} with a detail, never a 5xx, and
 * change nothing. The server of this class accepts bodies of at most 2048 bytes.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ErrorsApiTest extends ApiTestBase {
    private static final int LIMIT = 2048;

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.maxBodyBytes(LIMIT);
    }

    @Test
    void put_malformedJson_returns400WithDetail() {
        String p = newProject();

        HttpResult r = server.put(project(p) + "/configs/a", "{\"value\": ");

        JsonNode problem = assertProblem(r, 400);
        assertThat(problem.get("detail").asText()).contains("not valid JSON");
        assertThat(head(p)).isZero();
    }

    @Test
    void post_malformedJsonChangeSet_returns400() {
        String p = newProject();

        assertProblem(server.post(project(p) + "/changes", "{\"ops\": [}"), 400);
        assertThat(head(p)).isZero();
    }

    @Test
    void put_invalidUtf8_returns400() {
        String p = newProject();
        byte[] bad = {'{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

        HttpResult r =
                server.call("PUT", project(p) + "/configs/a").chunked(bad).send();

        assertThat(assertProblem(r, 400).get("detail").asText()).contains("UTF-8");
        assertThat(head(p)).isZero();
    }

    @Test
    void rollback_toRevisionNotAnInteger_returns422() {
        String p = newProject();

        assertThat(errorFields(assertProblem(server.post(env(p, "dev") + "/rollback", "{\"toRevision\": 1.5}"), 422)))
                .containsExactly("toRevision");
        assertThat(errorFields(assertProblem(server.post(env(p, "dev") + "/rollback", "{\"toRevision\": \"1\"}"), 422)))
                .containsExactly("toRevision");
    }

    @Test
    void changes_opsNotObjects_returns422ForEach() {
        String p = newProject();

        JsonNode problem = assertProblem(server.post(project(p) + "/changes", "{\"ops\": [1, \"x\"]}"), 422);

        assertThat(errorFields(problem)).containsExactly("ops[0]", "ops[1]");
    }

    @Test
    void put_bodyIsArray_returns400() {
        String p = newProject();

        JsonNode problem = assertProblem(server.put(project(p) + "/configs/a", "[1, 2]"), 400);

        assertThat(problem.get("detail").asText()).contains("JSON object");
    }

    @Test
    void put_bodyIsScalar_returns400() {
        String p = newProject();

        assertProblem(server.put(project(p) + "/configs/a", "42"), 400);
        assertProblem(server.put(project(p) + "/configs/a", "\"text\""), 400);
    }

    @Test
    void put_emptyBody_returns400() {
        String p = newProject();

        assertProblem(server.call("PUT", project(p) + "/configs/a").send(), 400);
    }

    @Test
    void post_duplicateJsonMember_returns400() {
        assertProblem(server.post(PROJECTS, "{\"key\": \"dup-a\", \"key\": \"dup-b\"}"), 400);
    }

    @Test
    void put_trailingGarbageAfterObject_returns400() {
        String p = newProject();

        assertProblem(server.put(project(p) + "/configs/a", "{\"value\": 1} {\"value\": 2}"), 400);
        assertThat(head(p)).isZero();
    }

    @Test
    void put_deeplyNestedValue_returns400Not500() {
        String p = newProject();
        String nested = "[".repeat(200) + "]".repeat(200);

        assertProblem(server.put(project(p) + "/configs/a", "{\"value\": " + nested + "}"), 400);
    }

    @Test
    void put_bodyOverLimitWithContentLength_returns413() {
        String p = newProject();
        String big = "{\"value\": \"" + "x".repeat(LIMIT) + "\"}";

        JsonNode problem = assertProblem(server.put(project(p) + "/configs/a", big), 413);

        assertThat(problem.get("detail").asText()).contains(String.valueOf(LIMIT));
        assertThat(head(p)).isZero();
    }

    @Test
    void put_chunkedBodyOverLimit_returns413() {
        String p = newProject();
        byte[] big = ("{\"value\": \"" + "x".repeat(LIMIT * 4) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResult r =
                server.call("PUT", project(p) + "/configs/a").chunked(big).send();

        assertProblem(r, 413);
        assertThat(head(p)).isZero();
    }

    @Test
    void put_chunkedBodyUnderLimit_isAccepted() {
        String p = newProject();
        byte[] small = "{\"value\": \"chunked\"}".getBytes(StandardCharsets.UTF_8);

        HttpResult r =
                server.call("PUT", project(p) + "/configs/a").chunked(small).send();

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(effective(p, "dev").get("a").asText()).isEqualTo("chunked");
    }

    @Test
    void post_changeSetOverLimit_returns413AndWritesNothing() {
        String p = newProject();
        StringBuilder ops = new StringBuilder("{\"ops\": [");
        for (int i = 0; i < 100; i++) {
            ops.append(i == 0 ? "" : ",")
                    .append("{\"op\":\"set\",\"kind\":\"config\",\"key\":\"k")
                    .append(i)
                    .append("\",\"value\":1}");
        }
        ops.append("]}");

        assertProblem(server.post(project(p) + "/changes", ops.toString()), 413);
        assertThat(head(p)).isZero();
    }

    @Test
    void get_unknownRoute_returns404Problem() {
        JsonNode problem = assertProblem(server.get("/api/v1/no-such-thing"), 404);

        assertThat(problem.get("detail").asText()).contains("/api/v1/no-such-thing");
    }

    @Test
    void get_unknownRouteWithoutToken_returns404Problem() {
        assertProblem(server.call("GET", "/nothing/here").token(null).send(), 404);
    }

    @Test
    void wrongMethod_onKnownPath_returns404Or405Problem() {
        HttpResult r = server.call("DELETE", PROJECTS).send();

        assertThat(r.status()).isIn(404, 405);
        assertProblem(r, r.status());
    }

    @Test
    void wrongMethod_putOnChanges_returns404Or405Problem() {
        String p = newProject();

        HttpResult r = server.put(project(p) + "/changes", Map.of("ops", List.of()));

        assertThat(r.status()).isIn(404, 405);
        assertProblem(r, r.status());
    }

    @Test
    void badQueryParameter_returns400() {
        String p = newProject();

        assertProblem(server.get(env(p, "dev") + "/diff?from=yesterday"), 400);
        assertProblem(server.get("/api/v1/audit?limit=lots"), 400);
    }

    @Test
    void problem_carriesTheRequestIdSent() {
        HttpResult r = server.call("GET", "/api/v1/nowhere")
                .header("X-Request-Id", "err-req-7")
                .send();

        assertThat(assertProblem(r, 404).get("requestId").asText()).isEqualTo("err-req-7");
        assertThat(r.header("X-Request-Id")).contains("err-req-7");
    }

    @Test
    void nonNumericRevisionPath_returns400() {
        String p = newProject();

        assertProblem(server.get(project(p) + "/revisions/latest"), 400);
    }
}

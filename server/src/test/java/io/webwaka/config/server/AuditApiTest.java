package io.webwaka.config.server;

import static io.webwaka.config.server.ChangeSetsApiTest.ops;
import static io.webwaka.config.server.ChangeSetsApiTest.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit log: one event per committed change, in the same transaction as the change. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AuditApiTest extends ApiTestBase {

    @Test
    void putDefault_writesEventWithActorTargetValuesRevisionAndRequestId() {
        String p = newProject();

        HttpResult r = server.call("PUT", project(p) + "/configs/db.pool")
                .header("X-Request-Id", "test-req-1")
                .json(Map.of("value", 10))
                .send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Request-Id")).contains("test-req-1");
        JsonNode e = auditOf(p).stream()
                .filter(x -> "test-req-1".equals(x.path("requestId").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(e.get("actor").asText()).isEqualTo("admin");
        assertThat(e.get("auth").asText()).isEqualTo("token");
        assertThat(e.get("action").asText()).isEqualTo("config.set");
        assertThat(e.get("project").asText()).isEqualTo(p);
        assertThat(e.get("environment").isNull()).isTrue();
        assertThat(e.get("key").asText()).isEqualTo("db.pool");
        assertThat(e.get("before").isNull()).isTrue();
        assertThat(e.get("after").asText()).isEqualTo("10");
        assertThat(e.get("revision").asLong()).isEqualTo(1);
        assertThat(e.get("outcome").asText()).isEqualTo("success");
        assertThat(e.get("time").asText()).isNotBlank();
    }

    @Test
    void insaneRequestId_isReplacedByAGeneratedOne() {
        String p = newProject();

        HttpResult r = server.call("PUT", project(p) + "/configs/a")
                .header("X-Request-Id", "<script>alert(1)</script>")
                .json(Map.of("value", 1))
                .send();

        String id = r.header("X-Request-Id").orElseThrow();
        assertThat(id).isNotBlank().doesNotContain("<");
        assertThat(auditOf(p).get(0).get("requestId").asText()).isEqualTo(id);
    }

    @Test
    void overrideChangeAndDelete_eventsCarryBeforeAndAfter() {
        String p = newProject();
        putOverride(p, "prod", "mode", "a");
        putOverride(p, "prod", "mode", "b");
        server.delete(env(p, "prod") + "/configs/mode");

        List<JsonNode> events = configEvents(p);

        assertThat(events).hasSize(3);
        assertEvent(events.get(2), "config.set", "prod", null, "\"a\"", 1);
        assertEvent(events.get(1), "config.set", "prod", "\"a\"", "\"b\"", 2);
        assertEvent(events.get(0), "config.delete", "prod", "\"b\"", null, 3);
    }

    @Test
    void changeSet_eventPerOpWithTheSameRevisionAndRequestId() {
        String p = newProject();

        HttpResult r = server.call("POST", project(p) + "/changes")
                .header("X-Request-Id", "test-req-cs")
                .json(ops(set(null, "a", 1), set("dev", "a", 2), set("prod", "b", 3)))
                .send();

        assertThat(r.status()).isEqualTo(201);
        List<JsonNode> events = configEvents(p);
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.get("revision").asLong()).isEqualTo(1);
            assertThat(e.get("requestId").asText()).isEqualTo("test-req-cs");
        });
        JsonNode revision = server.get(project(p) + "/revisions/1").json();
        assertThat(revision.get("requestId").asText()).isEqualTo("test-req-cs");
    }

    @Test
    void rejectedChange_writesNoAuditEvent() {
        String p = newProject();
        putDefault(p, "a", 1);
        int before = auditOf(p).size();

        HttpResult invalid = server.call("POST", project(p) + "/changes")
                .header("X-Request-Id", "test-req-rejected")
                .json(ops(set(null, "a", 2), set("nope", "a", 3)))
                .send();
        HttpResult stale = server.call("PUT", project(p) + "/configs/a")
                .header("X-Request-Id", "test-req-stale")
                .header("If-Match", "\"0\"")
                .json(Map.of("value", 4))
                .send();
        HttpResult badDelete = server.delete(project(p) + "/configs/missing");

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(badDelete.status()).isEqualTo(404);
        List<JsonNode> after = auditOf(p);
        assertThat(after).hasSize(before);
        assertThat(after)
                .noneMatch(e -> e.path("requestId").asText().startsWith("test-req-r")
                        || e.path("requestId").asText().equals("test-req-stale"));
    }

    @Test
    void structuralChanges_areAudited() {
        String p = newProject();
        server.post(project(p) + "/environments", Map.of("key", "qa"));
        server.patch(env(p, "qa"), Map.of("protected", true));
        sdkKey(p, "qa");

        List<String> actions = new ArrayList<>();
        auditOf(p).forEach(e -> actions.add(e.get("action").asText()));

        assertThat(actions)
                .containsExactly("sdk-key.create", "environment.update", "environment.create", "project.create");
    }

    @Test
    void audit_pagesWithCursor() {
        String p = newProject();
        for (int i = 0; i < 5; i++) {
            putDefault(p, "k" + i, i);
        }

        JsonNode first = server.get("/api/v1/audit?project=" + p + "&limit=4").json();
        JsonNode second = server.get("/api/v1/audit?project=" + p + "&limit=4&before="
                        + first.get("next").asLong())
                .json();

        assertThat(first.get("events")).hasSize(4);
        assertThat(second.get("events")).hasSize(2);
        assertThat(second.get("events").get(1).get("action").asText()).isEqualTo("project.create");
        assertThat(first.get("events").get(0).get("id").asLong())
                .isGreaterThan(second.get("events").get(0).get("id").asLong());
    }

    @Test
    void audit_filterByEnvironment_returnsOnlyThatEnvironment() {
        String p = newProject();
        putOverride(p, "dev", "a", 1);
        putOverride(p, "prod", "a", 2);

        List<JsonNode> prod = audit("project=" + p + "&environment=prod");

        assertThat(prod).hasSize(1);
        assertThat(prod.get(0).get("after").asText()).isEqualTo("2");
    }

    @Test
    void audit_filtersByActorKeyAndOutcome() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "b", 2);
        server.call("GET", project(p)).token("wkc_adm_not-a-token-" + p).send();

        assertThat(audit("project=" + p + "&key=a"))
                .extracting(e -> e.get("after").asText())
                .containsExactly("1");
        assertThat(audit("project=" + p + "&actor=admin&outcome=success")).hasSize(3);
        assertThat(audit("outcome=denied&actor=unknown"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("action").asText()).isEqualTo("auth.invalid-token"));
        assertThat(audit("project=" + p + "&outcome=denied")).isEmpty();
    }

    @Test
    void audit_filtersByTimeRange_sinceInclusiveUntilExclusive() {
        String p = newProject();
        putDefault(p, "a", 1);
        List<JsonNode> all = auditOf(p);
        String first = all.get(all.size() - 1).get("time").asText();
        String last = all.get(0).get("time").asText();

        assertThat(audit("project=" + p + "&since=" + first)).hasSize(all.size());
        assertThat(audit("project=" + p + "&until=" + first)).isEmpty();
        assertThat(audit("project=" + p + "&since=2000-01-01&until=2000-01-02")).isEmpty();
        assertThat(audit("project=" + p + "&since=1h")).hasSize(all.size());
        assertThat(audit("project=" + p + "&since=" + last.replace("Z", "%2B00:00")))
                .isNotEmpty();
    }

    @Test
    void audit_eventsCarryTheirChainPosition() {
        String p = newProject();
        putDefault(p, "a", 1);

        List<JsonNode> events = auditOf(p);

        JsonNode newest = events.get(0);
        JsonNode older = events.get(1);
        assertThat(newest.get("seq").asLong()).isGreaterThan(older.get("seq").asLong());
        assertThat(newest.get("hash").asText()).hasSize(64);
        assertThat(newest.get("prevHash").asText()).hasSize(64);
    }

    @Test
    void audit_badParameters_are400NamingTheParameter() {
        assertThat(assertProblem(server.get("/api/v1/audit?since=yesterday"), 400)
                        .get("detail")
                        .asText())
                .contains("'since'", "yesterday", "ISO-8601");
        assertThat(assertProblem(server.get("/api/v1/audit?until=2025-13-01"), 400)
                        .get("detail")
                        .asText())
                .contains("'until'");
        assertThat(assertProblem(server.get("/api/v1/audit?outcome=ok"), 400)
                        .get("detail")
                        .asText())
                .contains("'outcome'", "success, denied or failed");
        assertThat(assertProblem(server.get("/api/v1/audit?before=x"), 400)
                        .get("detail")
                        .asText())
                .contains("'before'");
        assertThat(assertProblem(server.get("/api/v1/audit?limit=99999999999"), 400)
                        .get("detail")
                        .asText())
                .contains("'limit'");
        assertThat(assertProblem(server.get("/api/v1/audit?since=2025-02-01&until=2025-01-01"), 400)
                        .get("detail")
                        .asText())
                .contains("'since'", "'until'");
    }

    @Test
    void verify_untouchedLog_isIntact() {
        putDefault(newProject(), "a", 1);

        HttpResult r = server.get("/api/v1/audit/verify");

        assertThat(r.status()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.get("intact").asBoolean()).as(r.body()).isTrue();
        assertThat(v.get("events").asLong())
                .isEqualTo(v.get("head").get("seq").asLong())
                .isPositive();
        assertThat(v.get("checkpoints").get("signaturesChecked").asBoolean()).isTrue();
        assertThat(v.has("problem")).isFalse();
    }

    @Test
    void verify_needsAnAdminTokenWithTheAuditPermission() {
        String p = newProject();
        String sdk = sdkKey(p, "dev");

        assertProblem(server.call("GET", "/api/v1/audit/verify").token(null).send(), 401);
        assertProblem(server.call("GET", "/api/v1/audit/verify").token(sdk).send(), 403);
    }

    private List<JsonNode> configEvents(String p) {
        return auditOf(p).stream()
                .filter(e -> e.get("action").asText().startsWith("config."))
                .toList();
    }

    private static void assertEvent(JsonNode e, String action, String env, String before, String after, long rev) {
        assertThat(e.get("action").asText()).isEqualTo(action);
        assertThat(e.get("environment").asText()).isEqualTo(env);
        assertThat(e.get("before").isNull() ? null : e.get("before").asText()).isEqualTo(before);
        assertThat(e.get("after").isNull() ? null : e.get("after").asText()).isEqualTo(after);
        assertThat(e.get("revision").asLong()).isEqualTo(rev);
    }
}

package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Atomic change sets: one revision for many ops, or nothing at all with every problem listed. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ChangeSetsApiTest extends ApiTestBase {

    @Test
    void changes_manyOpsAcrossEnvironments_commitOneRevision() {
        String p = newProject();
        putDefault(p, "gone.soon", "x");
        int auditBefore = auditOf(p).size();

        HttpResult r = changes(
                p,
                Map.of(
                        "message",
                        "release 42",
                        "ops",
                        List.of(
                                set(null, "db.host", "db.internal"),
                                set("dev", "db.host", "localhost"),
                                set("staging", "db.pool", 5),
                                set("prod", "db.pool", 50),
                                delete(null, "gone.soon"))));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("revision").asLong()).isEqualTo(2);
        assertThat(r.json().get("operations").asInt()).isEqualTo(5);
        assertThat(r.header("ETag")).contains("\"2\"");
        assertThat(head(p)).isEqualTo(2);
        JsonNode revisions = server.get(project(p) + "/revisions").json().get("revisions");
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(0).get("number").asLong()).isEqualTo(2);
        assertThat(revisions.get(0).get("message").asText()).isEqualTo("release 42");
        assertThat(effective(p, "dev").get("db.host").asText()).isEqualTo("localhost");
        assertThat(effective(p, "staging").get("db.host").asText()).isEqualTo("db.internal");
        assertThat(effective(p, "staging").get("db.pool").asInt()).isEqualTo(5);
        assertThat(effective(p, "prod").get("db.pool").asInt()).isEqualTo(50);
        assertThat(effective(p, "prod").has("gone.soon")).isFalse();
        List<JsonNode> added = auditOf(p).subList(0, auditOf(p).size() - auditBefore);
        assertThat(added)
                .hasSize(5)
                .allSatisfy(e -> assertThat(e.get("revision").asLong()).isEqualTo(2));
    }

    @Test
    void changes_unknownEnvironment_returns422OnThatOpAndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(p, ops(set("dev", "a", 2), set("qa", "a", 3)));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("ops[1].environment");
        assertThat(errorMessages(problem)).contains("qa");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_badKey_returns422OnThatOpAndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(p, ops(set(null, "a", 2), set(null, "bad key", 3)));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("ops[1].key");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_setWithoutValue_returns422OnValueAndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);
        Map<String, Object> noValue = new LinkedHashMap<>(Map.of("op", "set", "kind", "config", "key", "b"));

        HttpResult r = changes(p, ops(set(null, "a", 2), noValue));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("ops[1].value");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_unknownKind_returns422AndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);
        Map<String, Object> flag = new LinkedHashMap<>(set(null, "new.flag", true));
        flag.put("kind", "certificate");

        HttpResult r = changes(p, ops(set(null, "a", 2), flag));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("ops[1].kind");
        assertThat(errorMessages(problem)).contains("unknown kind").contains("\"secret\"");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_duplicateTarget_returns422OnTheSecondAndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(p, ops(set("dev", "a", 2), set("prod", "a", 3), set("dev", "a", 4)));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("ops[2].key");
        assertThat(errorMessages(problem)).contains("dev/a");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_deleteEverywhereAndOverrideOfSameKey_returns422AndWritesNothing() {
        // Found by RevisionPropertiesTest: a project-wide delete also deletes every override, so an
        // override op on the same key in the same change set wrote that row twice (a 500).
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(p, ops(set("prod", "a", 2), delete(null, "a")));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("ops[1].key");
        assertThat(errorMessages(problem)).contains("everywhere");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_deleteOfMissingConfig_returns422AndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(p, ops(set(null, "a", 2), delete(null, "missing")));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("ops[1].key");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_severalStructuralProblems_listsEachWithItsField() {
        String p = newProject();
        putDefault(p, "a", 1);
        Map<String, Object> flag = new LinkedHashMap<>(set(null, "f", true));
        flag.put("kind", "certificate");
        Map<String, Object> noValue = new LinkedHashMap<>(Map.of("op", "set", "kind", "config", "key", "b"));
        Map<String, Object> badOp = new LinkedHashMap<>(set(null, "c", 1));
        badOp.put("op", "upsert");

        HttpResult r = changes(p, ops(set(null, "a", 2), flag, noValue, badOp));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("ops[1].kind", "ops[2].value", "ops[3].op");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_everyKindOfProblemAtOnce_listsEveryProblemWithItsField() {
        String p = newProject();
        putDefault(p, "a", 1);
        Map<String, Object> noValue = new LinkedHashMap<>(Map.of("op", "set", "kind", "config", "key", "b"));
        Map<String, Object> flag = new LinkedHashMap<>(set(null, "f", true));
        flag.put("kind", "certificate");

        HttpResult r = changes(
                p,
                ops(
                        set("qa", "a", 2), // unknown environment
                        set(null, "bad key", 3), // invalid key
                        noValue, // set without value
                        flag, // kind not supported yet
                        set("dev", "a", 4),
                        set("dev", "a", 5))); // duplicate target

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem))
                .containsExactlyInAnyOrder(
                        "ops[0].environment", "ops[1].key", "ops[2].value", "ops[3].kind", "ops[5].key");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_planProblemsInSeveralOps_listsEveryProblem() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(
                p,
                ops(
                        set("qa", "a", 2), // unknown environment
                        delete(null, "missing"), // delete of nothing
                        set("dev", "a", 4),
                        set("dev", "a", 5))); // duplicate target

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("ops[0].environment", "ops[1].key", "ops[3].key");
        assertNothingWritten(p, 1, 1);
    }

    @Test
    void changes_emptyOps_returns422OnOps() {
        String p = newProject();

        assertThat(errorFields(assertProblem(changes(p, Map.of("ops", List.of())), 422)))
                .containsExactly("ops");
        assertThat(head(p)).isZero();
    }

    @Test
    void changes_staleExpectedRevision_returns409WithCurrentRevisionAndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "a", 2);
        int audit = auditOf(p).size();

        HttpResult r = changes(p, Map.of("expectedRevision", 1, "ops", List.of(set(null, "a", 99))));

        JsonNode problem = assertProblem(r, 409);
        assertThat(problem.get("currentRevision").asLong()).isEqualTo(2);
        assertThat(problem.get("expectedRevision").asLong()).isEqualTo(1);
        assertThat(problem.get("detail").asText()).contains("nothing was written");
        assertNothingWritten(p, 2, 2);
        assertThat(auditOf(p)).hasSize(audit);
    }

    @Test
    void changes_currentExpectedRevision_commits() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = changes(p, Map.of("expectedRevision", 1, "ops", List.of(set(null, "a", 2))));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void changes_staleIfMatch_returns409AndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "a", 2);

        HttpResult r = server.call("POST", project(p) + "/changes")
                .header("If-Match", "\"1\"")
                .json(ops(set(null, "a", 99)))
                .send();

        assertThat(assertProblem(r, 409).get("currentRevision").asLong()).isEqualTo(2);
        assertNothingWritten(p, 2, 2);
    }

    @Test
    void changes_currentIfMatch_commits() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = server.call("POST", project(p) + "/changes")
                .header("If-Match", "\"1\"")
                .json(ops(set(null, "a", 2)))
                .send();

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(effective(p, "dev").get("a").asInt()).isEqualTo(2);
    }

    @Test
    void changes_ifMatchNotARevision_returns400() {
        String p = newProject();

        HttpResult r = server.call("POST", project(p) + "/changes")
                .header("If-Match", "\"abc\"")
                .json(ops(set(null, "a", 2)))
                .send();

        assertProblem(r, 400);
        assertThat(head(p)).isZero();
    }

    @Test
    void changes_unknownProject_returns404() {
        assertProblem(changes("ghost-project", ops(set(null, "a", 1))), 404);
    }

    @Test
    void changes_hide_removesTheDefaultInOneEnvironment_andDeleteShowsItAgain() {
        String p = newProject();
        putDefault(p, "legacy.endpoint", "https://old");
        putDefault(p, "a", 1);

        HttpResult hidden = changes(p, ops(hide("prod", "legacy.endpoint")));

        assertThat(hidden.status()).as("%s", hidden).isEqualTo(201);
        assertThat(effective(p, "prod").has("legacy.endpoint")).isFalse();
        assertThat(effective(p, "dev").get("legacy.endpoint").asText()).isEqualTo("https://old");
        JsonNode item = server.get(project(p) + "/configs/legacy.endpoint").json();
        assertThat(item.get("hiddenIn")).extracting(JsonNode::asText).containsExactly("prod");
        assertThat(auditOf(p).get(0).get("action").asText()).isEqualTo("config.hide");
        assertThat(auditOf(p).get(0).get("environment").asText()).isEqualTo("prod");

        HttpResult again = changes(p, ops(hide("prod", "legacy.endpoint")));
        assertThat(errorFields(assertProblem(again, 422))).containsExactly("ops[0].key");

        HttpResult shown = changes(p, ops(delete("prod", "legacy.endpoint")));
        assertThat(shown.status()).as("%s", shown).isEqualTo(201);
        assertThat(effective(p, "prod").get("legacy.endpoint").asText()).isEqualTo("https://old");
    }

    @Test
    void changes_badHides_return422ForEachAndWriteNothing() {
        String p = newProject();
        putDefault(p, "a", 1);
        long before = head(p);
        Map<String, Object> noEnvironment = hide(null, "a");
        Map<String, Object> aFlag = hide("prod", "a");
        aFlag.put("kind", "flag");
        Map<String, Object> withValue = hide("prod", "a");
        withValue.put("value", 2);

        HttpResult r = changes(p, ops(noEnvironment, aFlag, withValue, hide("prod", "no-default")));

        assertThat(errorFields(assertProblem(r, 422)))
                .contains("ops[0].environment", "ops[1].kind", "ops[2].value", "ops[3].key");
        assertNothingWritten(p, before, 1);
    }

    private HttpResult changes(String p, Object body) {
        return server.post(project(p) + "/changes", body);
    }

    /** Asserts the head is still {@code head}, {@code a} is still {@code value} and no audit event was added. */
    private void assertNothingWritten(String p, long head, int value) {
        assertThat(head(p)).isEqualTo(head);
        assertThat(effective(p, "dev").get("a").asInt()).isEqualTo(value);
        assertThat(effective(p, "prod").get("a").asInt()).isEqualTo(value);
        assertThat(auditOf(p).get(0).get("revision").asLong()).isEqualTo(head);
        assertThat(auditOf(p))
                .filteredOn(e -> e.path("revision").asLong() > head)
                .isEmpty();
        assertThat(auditOf(p))
                .filteredOn(e -> e.path("action").asText().startsWith("config."))
                .hasSize((int) head);
    }

    static Map<String, Object> ops(Object... ops) {
        List<Object> list = new ArrayList<>(List.of(ops));
        return Map.of("ops", list);
    }

    static Map<String, Object> set(String environment, String key, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "set");
        op.put("kind", "config");
        if (environment != null) {
            op.put("environment", environment);
        }
        op.put("key", key);
        op.put("value", value);
        return op;
    }

    static Map<String, Object> delete(String environment, String key) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "delete");
        op.put("kind", "config");
        if (environment != null) {
            op.put("environment", environment);
        }
        op.put("key", key);
        return op;
    }

    static Map<String, Object> hide(String environment, String key) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "hide");
        op.put("kind", "config");
        if (environment != null) {
            op.put("environment", environment);
        }
        op.put("key", key);
        return op;
    }
}

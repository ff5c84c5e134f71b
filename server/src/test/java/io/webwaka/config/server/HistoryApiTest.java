package io.webwaka.config.server;

import static io.webwaka.config.server.ChangeSetsApiTest.delete;
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

/** Revisions, snapshots as of a revision, diffs and rollback. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class HistoryApiTest extends ApiTestBase {

    @Test
    void revisions_afterThreeChanges_listsThemNewestFirst() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "b", 2);
        server.post(project(p) + "/changes", Map.of("message", "third", "ops", List.of(set(null, "c", 3))));

        HttpResult r = server.get(project(p) + "/revisions");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("head").asLong()).isEqualTo(3);
        assertThat(numbers(r.json())).containsExactly(3L, 2L, 1L);
        JsonNode third = r.json().get("revisions").get(0);
        assertThat(third.get("message").asText()).isEqualTo("third");
        assertThat(third.get("author").asText()).isEqualTo("admin");
        assertThat(third.get("createdAt").asText()).isNotBlank();
        assertThat(r.json().has("next")).isFalse();
    }

    @Test
    void revisions_withLimit_pagesWithNextCursor() {
        String p = newProject();
        for (int i = 1; i <= 5; i++) {
            putDefault(p, "k" + i, i);
        }

        JsonNode first = server.get(project(p) + "/revisions?limit=2").json();
        JsonNode second = server.get(project(p) + "/revisions?limit=2&before="
                        + first.get("next").asLong())
                .json();
        JsonNode third = server.get(project(p) + "/revisions?limit=2&before="
                        + second.get("next").asLong())
                .json();

        assertThat(numbers(first)).containsExactly(5L, 4L);
        assertThat(numbers(second)).containsExactly(3L, 2L);
        assertThat(numbers(third)).containsExactly(1L);
        assertThat(third.has("next")).isFalse();
    }

    @Test
    void revisions_badLimit_returns400() {
        String p = newProject();

        assertProblem(server.get(project(p) + "/revisions?limit=abc"), 400);
        assertProblem(server.get(project(p) + "/revisions?limit=0"), 400);
    }

    @Test
    void revision_detail_listsItsChanges() {
        String p = newProject();
        putDefault(p, "a", 1);
        server.post(
                project(p) + "/changes",
                Map.of("message", "two things", "ops", List.of(set("prod", "a", 2), set(null, "b", "x"))));

        HttpResult r = server.get(project(p) + "/revisions/2");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode rev = r.json();
        assertThat(rev.get("number").asLong()).isEqualTo(2);
        assertThat(rev.get("message").asText()).isEqualTo("two things");
        assertThat(rev.get("changes")).hasSize(2);
        List<String> changes = new ArrayList<>();
        rev.get("changes")
                .forEach(c -> changes.add(c.get("environment").asText("default") + "/"
                        + c.get("key").asText() + "=" + c.get("value") + ":"
                        + c.get("state").asText()));
        assertThat(changes).containsExactlyInAnyOrder("prod/a=2:set", "default/b=\"x\":set");
    }

    @Test
    void revision_unknownNumber_returns404() {
        String p = newProject();
        putDefault(p, "a", 1);

        assertProblem(server.get(project(p) + "/revisions/7"), 404);
        assertProblem(server.get(project(p) + "/revisions/x"), 400);
    }

    @Test
    void snapshot_asOfEarlierRevision_showsThatRevisionsValues() {
        String p = newProject();
        putDefault(p, "a", 1); // 1
        putOverride(p, "prod", "a", 10); // 2
        putDefault(p, "b", true); // 3
        putDefault(p, "a", 2); // 4

        JsonNode at2 = server.get(env(p, "prod") + "/snapshot?revision=2").json();
        JsonNode at1 = server.get(env(p, "prod") + "/snapshot?revision=1").json();
        JsonNode dev3 = server.get(env(p, "dev") + "/snapshot?revision=3").json();
        JsonNode now = server.get(env(p, "dev") + "/snapshot").json();
        JsonNode at0 = server.get(env(p, "dev") + "/snapshot?revision=0").json();

        assertThat(at2.get("revision").asLong()).isEqualTo(2);
        assertThat(at2.get("configs").toString()).isEqualTo("{\"a\":10}");
        assertThat(at1.get("configs").toString()).isEqualTo("{\"a\":1}");
        assertThat(dev3.get("configs").toString()).isEqualTo("{\"a\":1,\"b\":true}");
        assertThat(now.get("revision").asLong()).isEqualTo(4);
        assertThat(now.get("configs").toString()).isEqualTo("{\"a\":2,\"b\":true}");
        assertThat(at0.get("configs").isEmpty()).isTrue();
    }

    @Test
    void snapshot_revisionAfterHead_returns404() {
        String p = newProject();
        putDefault(p, "a", 1);

        JsonNode problem = assertProblem(server.get(env(p, "dev") + "/snapshot?revision=9"), 404);

        assertThat(problem.get("detail").asText()).contains("9");
        assertProblem(server.get(env(p, "dev") + "/snapshot?revision=-1"), 400);
    }

    @Test
    void envDiff_betweenRevisions_listsAddedRemovedAndChanged() {
        String p = newProject();
        server.post(
                project(p) + "/changes",
                ops(set(null, "same", 0), set(null, "changed", "old"), set(null, "removed", 1))); // 1
        server.post(
                project(p) + "/changes",
                ops(set(null, "changed", "new"), delete(null, "removed"), set(null, "added", List.of(1)))); // 2

        HttpResult r = server.get(env(p, "dev") + "/diff?from=1&to=2");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode d = r.json();
        assertThat(d.get("environment").asText()).isEqualTo("dev");
        assertThat(d.get("from").asLong()).isEqualTo(1);
        assertThat(d.get("to").asLong()).isEqualTo(2);
        assertThat(d.get("added").toString()).isEqualTo("{\"added\":[1]}");
        assertThat(d.get("removed").toString()).isEqualTo("{\"removed\":1}");
        assertThat(d.get("changed").toString()).isEqualTo("{\"changed\":{\"old\":\"old\",\"new\":\"new\"}}");
    }

    @Test
    void envDiff_withoutTo_diffsAgainstHead_andOtherEnvironmentSeesOverrideOnly() {
        String p = newProject();
        putDefault(p, "a", 1); // 1
        putOverride(p, "prod", "a", 2); // 2

        JsonNode prod = server.get(env(p, "prod") + "/diff?from=1").json();
        JsonNode dev = server.get(env(p, "dev") + "/diff?from=1").json();

        assertThat(prod.get("to").asLong()).isEqualTo(2);
        assertThat(prod.get("changed").get("a").get("old").asInt()).isEqualTo(1);
        assertThat(prod.get("changed").get("a").get("new").asInt()).isEqualTo(2);
        assertThat(dev.get("changed").isEmpty()).isTrue();
        assertThat(dev.get("added").isEmpty()).isTrue();
        assertThat(dev.get("removed").isEmpty()).isTrue();
    }

    @Test
    void envDiff_missingFrom_returns400() {
        String p = newProject();

        assertThat(assertProblem(server.get(env(p, "dev") + "/diff"), 400)
                        .get("detail")
                        .asText())
                .contains("from");
    }

    @Test
    void projectDiff_betweenRevisions_hasOneDiffPerEnvironment() {
        String p = newProject();
        putDefault(p, "a", 1); // 1
        server.post(project(p) + "/changes", ops(set("prod", "a", 5), set("dev", "b", true))); // 2

        HttpResult r = server.get(project(p) + "/diff?from=1&to=2");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode envs = r.json().get("environments");
        assertThat(envs.get("prod").get("changed").get("a").get("new").asInt()).isEqualTo(5);
        assertThat(envs.get("dev").get("added").get("b").asBoolean()).isTrue();
        assertThat(envs.get("staging").get("added").isEmpty()).isTrue();
        assertThat(envs.get("staging").get("changed").isEmpty()).isTrue();
    }

    @Test
    void rollback_toEarlierRevision_contentEqualsThatRevisionsInANewRevision() {
        String p = newProject();
        putDefault(p, "a", 1); // 1
        putOverride(p, "prod", "b", "x"); // 2
        JsonNode atTwo = snapshotAt(p, "prod", 2);
        putOverride(p, "prod", "a", 3); // 3
        server.delete(env(p, "prod") + "/configs/b"); // 4
        putOverride(p, "prod", "c", true); // 5

        HttpResult r = rollback(p, "prod", 2);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("revision").asLong()).isEqualTo(6);
        assertThat(r.json().get("rolledBackTo").asLong()).isEqualTo(2);
        assertThat(effective(p, "prod")).isEqualTo(atTwo);
        assertThat(head(p)).isEqualTo(6);
        JsonNode revisions = server.get(project(p) + "/revisions").json();
        assertThat(numbers(revisions)).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(snapshotAt(p, "prod", 5).toString()).isEqualTo("{\"a\":3,\"c\":true}");
        assertThat(snapshotAt(p, "prod", 2)).isEqualTo(atTwo);
    }

    @Test
    void rollback_defaultChangedSinceTarget_contentStillEqualsTarget_otherEnvironmentsKeepNewDefault() {
        String p = newProject();
        putDefault(p, "timeout", 30); // 1
        putDefault(p, "timeout", 60); // 2

        HttpResult r = rollback(p, "prod", 1);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(effective(p, "prod").toString()).isEqualTo("{\"timeout\":30}");
        assertThat(effective(p, "dev").toString()).isEqualTo("{\"timeout\":60}");
        assertThat(server.get(project(p) + "/configs/timeout")
                        .json()
                        .get("value")
                        .asInt())
                .isEqualTo(60);
    }

    @Test
    void rollback_toRevisionWhereKeyDidNotExist_keyIsAbsent() {
        String p = newProject();
        putDefault(p, "old", 1); // 1
        putDefault(p, "newer", "n"); // 2
        putOverride(p, "prod", "only.prod", 7); // 3

        HttpResult r = rollback(p, "prod", 1);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(effective(p, "prod").toString()).isEqualTo("{\"old\":1}");
        assertThat(effective(p, "dev").toString()).isEqualTo("{\"newer\":\"n\",\"old\":1}");
        assertProblem(server.get(env(p, "prod") + "/configs/newer"), 404);
    }

    @Test
    void rollback_toRevisionZero_emptiesTheEnvironment() {
        String p = newProject();
        putDefault(p, "a", 1);
        putOverride(p, "dev", "b", 2);

        HttpResult r = rollback(p, "dev", 0);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(effective(p, "dev").isEmpty()).isTrue();
        assertThat(effective(p, "prod").toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void rollback_writesRollbackAuditEvents() {
        String p = newProject();
        putDefault(p, "a", 1);
        putOverride(p, "dev", "a", 2);

        rollback(p, "dev", 1);

        JsonNode event = auditOf(p).get(0);
        assertThat(event.get("action").asText()).isEqualTo("config.rollback");
        assertThat(event.get("environment").asText()).isEqualTo("dev");
        assertThat(event.get("key").asText()).isEqualTo("a");
        assertThat(event.get("before").asText()).isEqualTo("2");
        assertThat(event.get("after").asText()).isEqualTo("1");
        assertThat(event.get("revision").asLong()).isEqualTo(3);
    }

    @Test
    void rollback_revisionAfterHead_returns422AndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);

        JsonNode problem = assertProblem(rollback(p, "dev", 5), 422);

        assertThat(errorFields(problem)).containsExactly("toRevision");
        assertThat(head(p)).isEqualTo(1);
    }

    @Test
    void rollback_missingToRevision_returns422() {
        String p = newProject();

        assertThat(errorFields(assertProblem(server.post(env(p, "dev") + "/rollback", Map.of()), 422)))
                .containsExactly("toRevision");
    }

    @Test
    void rollback_staleExpectedRevision_returns409() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "a", 2);

        HttpResult r = server.post(env(p, "dev") + "/rollback", Map.of("toRevision", 1, "expectedRevision", 1));

        assertThat(assertProblem(r, 409).get("currentRevision").asLong()).isEqualTo(2);
        assertThat(effective(p, "dev").get("a").asInt()).isEqualTo(2);
    }

    private HttpResult rollback(String p, String e, long to) {
        return server.post(env(p, e) + "/rollback", Map.of("toRevision", to));
    }

    private JsonNode snapshotAt(String p, String e, long revision) {
        HttpResult r = server.get(env(p, e) + "/snapshot?revision=" + revision);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("configs");
    }

    private static List<Long> numbers(JsonNode revisions) {
        List<Long> out = new ArrayList<>();
        revisions.get("revisions").forEach(r -> out.add(r.get("number").asLong()));
        return out;
    }
}

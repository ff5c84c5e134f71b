package io.webwaka.config.server;

import static io.webwaka.config.server.FlagApiTest.BETA;
import static io.webwaka.config.server.FlagApiTest.CHECKOUT;
import static io.webwaka.config.server.FlagApiTest.OFF;
import static io.webwaka.config.server.FlagApiTest.ON_FOR_NG;
import static io.webwaka.config.server.FlagDocs.assertFieldError;
import static io.webwaka.config.server.FlagDocs.doc;
import static io.webwaka.config.server.FlagDocs.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Flags in the client snapshot, in snapshots as of a revision, in diffs, and under rollback. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class FlagHistoryApiTest extends FlagTestBase {
    private static final JsonNode COLORS = doc("{'type':'string','variants':{'blue':'#00f','green':'#0f0'}}");
    private static final JsonNode SERVE_GREEN = doc("{'on':true,'defaultServe':{'variant':'green'}}");
    private static final JsonNode SERVE_BLUE = doc("{'on':true,'defaultServe':{'variant':'blue'}}");

    @Test
    void clientSnapshot_hasFlagsSectionOfItsEnvironmentOnly() {
        String p = newProject();
        putSegment(p, "beta-testers", BETA);
        putFlag(p, "a", CHECKOUT);
        putFlag(p, "b", CHECKOUT);
        putTargeting(p, "dev", "a", ON_FOR_NG);
        putTargeting(p, "prod", "a", OFF);
        putTargeting(p, "prod", "b", ON_FOR_NG);

        JsonNode dev = clientSnapshot(sdkKey(p, "dev"));
        JsonNode prod = clientSnapshot(sdkKey(p, "prod"));

        JsonNode definitions = tree(Map.of("a", CHECKOUT, "b", CHECKOUT));
        assertThat(dev.get("flags"))
                .isEqualTo(tree(Map.of(
                        "definitions", definitions,
                        "targeting", Map.of("a", ON_FOR_NG),
                        "segments", Map.of("beta-testers", BETA))));
        assertThat(prod.get("flags").get("definitions")).isEqualTo(definitions);
        assertThat(prod.get("flags").get("targeting")).isEqualTo(tree(Map.of("a", OFF, "b", ON_FOR_NG)));
    }

    @Test
    void clientSnapshot_targetingChangeElsewhere_leavesRevisionAndEtagAlone() {
        String p = newProject();
        putFlag(p, "a", CHECKOUT); // 1
        putTargeting(p, "prod", "a", OFF); // 2
        String prodKey = sdkKey(p, "prod");
        HttpResult before =
                server.call("GET", "/api/v1/client/snapshot").token(prodKey).send();

        putTargeting(p, "dev", "a", ON_FOR_NG); // 3
        HttpResult after =
                server.call("GET", "/api/v1/client/snapshot").token(prodKey).send();
        JsonNode dev = clientSnapshot(sdkKey(p, "dev"));

        assertThat(after.json().get("revision").asLong()).isEqualTo(2);
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(dev.get("revision").asLong()).isEqualTo(3);
        assertThat(dev.get("flags").get("targeting")).isEqualTo(tree(Map.of("a", ON_FOR_NG)));
    }

    @Test
    void envDiff_listsFlagAndSegmentChangesOfThatEnvironment() {
        String p = newProject();
        putFlag(p, "a", CHECKOUT); // 1
        putTargeting(p, "dev", "a", OFF); // 2
        putSegment(p, "beta-testers", BETA); // 3
        putTargeting(p, "dev", "a", ON_FOR_NG); // 4
        putFlag(p, "b", CHECKOUT); // 5
        putTargeting(p, "prod", "a", OFF); // 6

        JsonNode d = server.get(env(p, "dev") + "/diff?from=2&to=6").json();
        JsonNode prod = server.get(env(p, "prod") + "/diff?from=5&to=6").json();

        JsonNode flags = d.get("flags");
        assertThat(flags.get("changed").get("a"))
                .isEqualTo(tree(Map.of(
                        "old", Map.of("definition", CHECKOUT, "targeting", OFF),
                        "new", Map.of("definition", CHECKOUT, "targeting", ON_FOR_NG))));
        assertThat(flags.get("added").get("b")).isEqualTo(flagWithoutTargeting());
        assertThat(flags.get("removed").isEmpty()).isTrue();
        assertThat(d.get("segments").get("added")).isEqualTo(tree(Map.of("beta-testers", BETA)));
        assertThat(prod.get("flags").get("changed").get("a").get("new").get("targeting"))
                .isEqualTo(OFF);
        assertThat(prod.get("flags")
                        .get("changed")
                        .get("a")
                        .get("old")
                        .get("targeting")
                        .isNull())
                .isTrue();
    }

    @Test
    void projectDiff_listsFlagsPerEnvironmentAndSegmentsOnce() {
        String p = newProject();
        putFlag(p, "a", CHECKOUT); // 1
        putTargeting(p, "prod", "a", OFF); // 2
        putSegment(p, "beta-testers", BETA); // 3

        JsonNode d = server.get(project(p) + "/diff?from=1&to=3").json();

        assertThat(d.get("environments")
                        .get("prod")
                        .get("flags")
                        .get("changed")
                        .get("a")
                        .get("new"))
                .isEqualTo(tree(Map.of("definition", CHECKOUT, "targeting", OFF)));
        assertThat(d.get("environments").get("dev").get("flags").get("changed").isEmpty())
                .isTrue();
        assertThat(d.get("segments").get("added")).isEqualTo(tree(Map.of("beta-testers", BETA)));
    }

    @Test
    void snapshotAsOfRevision_hasThatRevisionsFlagsAndSegments() {
        String p = newProject();
        putFlag(p, "a", CHECKOUT); // 1
        putTargeting(p, "dev", "a", OFF); // 2
        putSegment(p, "beta-testers", BETA); // 3
        putTargeting(p, "dev", "a", ON_FOR_NG); // 4

        JsonNode at2 = server.get(env(p, "dev") + "/snapshot?revision=2").json();
        JsonNode at4 = server.get(env(p, "dev") + "/snapshot?revision=4").json();
        JsonNode prodAt4 = server.get(env(p, "prod") + "/snapshot?revision=4").json();

        assertThat(at2.get("flags")).isEqualTo(tree(Map.of("a", Map.of("definition", CHECKOUT, "targeting", OFF))));
        assertThat(at2.get("segments").isEmpty()).isTrue();
        assertThat(at4.get("flags").get("a").get("targeting")).isEqualTo(ON_FOR_NG);
        assertThat(at4.get("segments")).isEqualTo(tree(Map.of("beta-testers", BETA)));
        assertThat(prodAt4.get("flags")).isEqualTo(tree(Map.of("a", flagWithoutTargeting())));
    }

    @Test
    void rollback_restoresTargetingOfThatEnvironmentOnly() {
        String p = newProject();
        putFlag(p, "color", COLORS); // 1
        putTargeting(p, "dev", "color", SERVE_BLUE); // 2
        putTargeting(p, "prod", "color", SERVE_GREEN); // 3
        putTargeting(p, "dev", "color", SERVE_GREEN); // 4

        HttpResult r = rollback(p, "dev", 2);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("revision").asLong()).isEqualTo(5);
        assertThat(targeting(p, "dev", "color")).isEqualTo(SERVE_BLUE);
        assertThat(targeting(p, "prod", "color")).isEqualTo(SERVE_GREEN);
        assertThat(evaluate(p, "dev", "color", Map.of()).get("value").asText()).isEqualTo("#00f");
        assertThat(auditOf(p).get(0).get("action").asText()).isEqualTo("targeting.rollback");
        assertThat(server.get(env(p, "dev") + "/diff?from=2&to=5")
                        .json()
                        .get("flags")
                        .get("changed")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void rollback_toBeforeTargeting_removesIt() {
        String p = newProject();
        putFlag(p, "color", COLORS); // 1
        putTargeting(p, "dev", "color", SERVE_BLUE); // 2

        HttpResult r = rollback(p, "dev", 1);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(server.get(flagPath(p, "color")).json().get("environments").isEmpty())
                .isTrue();
        assertThat(evaluate(p, "dev", "color", Map.of()).get("reason").asText()).isEqualTo("DISABLED");
    }

    @Test
    void rollback_toBeforeAFlagWasDeleted_restoresConfigsAndLeavesTheFlagDeleted() {
        String p = newProject();
        server.put(project(p) + "/configs/limit", Map.of("value", 1)); // 1
        putFlag(p, "color", COLORS); // 2
        putTargeting(p, "dev", "color", SERVE_BLUE); // 3
        assertThat(server.delete(flagPath(p, "color")).status()).isEqualTo(200); // 4
        server.put(project(p) + "/configs/limit", Map.of("value", 2)); // 5

        HttpResult r = rollback(p, "dev", 3);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(server.get(env(p, "dev") + "/configs")
                        .json()
                        .get("configs")
                        .get("limit")
                        .asInt())
                .isEqualTo(1);
        assertThat(server.get(flagPath(p, "color")).status()).isEqualTo(404);
    }

    @Test
    void rollback_wouldRestoreTargetingOfDeletedVariant_returns422AndWritesNothing() {
        String p = newProject();
        putFlag(p, "color", COLORS); // 1
        putTargeting(p, "dev", "color", SERVE_GREEN); // 2
        putTargeting(p, "dev", "color", SERVE_BLUE); // 3
        putFlag(p, "color", doc("{'type':'string','variants':{'blue':'#00f'}}")); // 4: green is gone

        HttpResult r = rollback(p, "dev", 2);

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "environments/dev/targeting/color/defaultServe/variant", "unknown variant");
        assertThat(head(p)).isEqualTo(4);
        assertThat(targeting(p, "dev", "color")).isEqualTo(SERVE_BLUE);
        assertThat(auditOf(p)).noneMatch(e -> e.path("action").asText().endsWith(".rollback"));
    }

    private JsonNode targeting(String p, String e, String key) {
        HttpResult r = server.get(targetingPath(p, e, key));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("targeting");
    }

    private HttpResult rollback(String p, String e, long to) {
        return server.post(env(p, e) + "/rollback", Map.of("toRevision", to));
    }

    private JsonNode clientSnapshot(String sdkKey) {
        HttpResult r =
                server.call("GET", "/api/v1/client/snapshot").token(sdkKey).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static JsonNode flagWithoutTargeting() {
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("definition", CHECKOUT);
        flag.put("targeting", null);
        return tree(flag);
    }
}

package io.webwaka.config.server;

import static io.webwaka.config.server.FlagDocs.doc;
import static io.webwaka.config.server.FlagDocs.flagOp;
import static io.webwaka.config.server.FlagDocs.segmentOp;
import static io.webwaka.config.server.FlagDocs.targetingOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Flag definitions, per-environment targeting, segments and evaluate: CRUD, revisions, audit. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class FlagApiTest extends FlagTestBase {
    static final JsonNode CHECKOUT =
            doc("{'type':'boolean','description':'New checkout','tags':['web'],'owner':'payments'}");
    static final JsonNode ON_FOR_NG = doc("{'on':true,'rules':[{'when':[{'attribute':'country','op':'in',"
            + "'values':['NG']}],'serve':{'variant':'on'}}],'defaultServe':{'variant':'off'}}");
    static final JsonNode OFF = doc("{'on':false,'defaultServe':{'variant':'on'}}");
    static final JsonNode BETA = doc("{'conditions':[{'attribute':'email','op':'endsWith','values':['@beta.io']}]}");

    @Test
    void putFlag_thenGet_returnsDefinitionWithoutTargeting() {
        String p = newProject();

        HttpResult put = server.put(flagPath(p, "new-checkout"), CHECKOUT);

        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.json().get("revision").asLong()).isEqualTo(1);
        JsonNode flag = server.get(flagPath(p, "new-checkout")).json();
        assertThat(flag.get("key").asText()).isEqualTo("new-checkout");
        assertThat(flag.get("definition")).isEqualTo(CHECKOUT);
        assertThat(flag.get("environments").isEmpty()).isTrue();
        assertThat(flag.get("revision").asLong()).isEqualTo(1);
        JsonNode list = server.get(project(p) + "/flags").json();
        assertThat(list.get("flags")).hasSize(1);
        assertThat(list.get("flags").get(0).get("key").asText()).isEqualTo("new-checkout");
    }

    @Test
    void putFlag_again_replacesDefinitionInNextRevision() {
        String p = newProject();
        putFlag(p, "new-checkout", CHECKOUT);
        JsonNode changed = doc("{'type':'boolean','description':'v2','salt':'s1'}");

        long revision = putFlag(p, "new-checkout", changed);

        assertThat(revision).isEqualTo(2);
        assertThat(server.get(flagPath(p, "new-checkout")).json().get("definition"))
                .isEqualTo(changed);
        assertThat(head(p)).isEqualTo(2);
    }

    @Test
    void putTargeting_perEnvironment_isReadBackWhereItWasPut() {
        String p = newProject();
        putFlag(p, "new-checkout", CHECKOUT); // 1
        assertThat(putTargeting(p, "dev", "new-checkout", ON_FOR_NG)).isEqualTo(2);
        assertThat(putTargeting(p, "prod", "new-checkout", OFF)).isEqualTo(3);

        JsonNode dev = server.get(targetingPath(p, "dev", "new-checkout")).json();
        JsonNode flag = server.get(flagPath(p, "new-checkout")).json();
        HttpResult staging = server.get(targetingPath(p, "staging", "new-checkout"));

        assertThat(dev.get("environment").asText()).isEqualTo("dev");
        assertThat(dev.get("targeting")).isEqualTo(ON_FOR_NG);
        assertThat(dev.get("revision").asLong()).isEqualTo(3);
        assertThat(flag.get("environments")).isEqualTo(FlagDocs.tree(Map.of("dev", ON_FOR_NG, "prod", OFF)));
        // The flag exists but is not targeted in staging: readable, with no targeting (it is off there).
        assertThat(staging.status()).as("%s", staging).isEqualTo(200);
        assertThat(staging.json().get("targeting").isNull()).isTrue();
    }

    @Test
    void deleteTargeting_removesItFromThatEnvironmentOnly() {
        String p = newProject();
        putFlag(p, "new-checkout", CHECKOUT);
        putTargeting(p, "dev", "new-checkout", ON_FOR_NG);
        putTargeting(p, "prod", "new-checkout", OFF);

        HttpResult r = server.delete(targetingPath(p, "dev", "new-checkout"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(4);
        JsonNode flag = server.get(flagPath(p, "new-checkout")).json();
        assertThat(flag.get("environments").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("prod");
        assertProblem(server.delete(targetingPath(p, "dev", "new-checkout")), 404);
        JsonNode result = evaluate(p, "dev", "new-checkout", Map.of("country", "NG"));
        assertThat(result.get("reason").asText()).isEqualTo("DISABLED");
        assertThat(result.get("variant").asText()).isEqualTo("off");
    }

    @Test
    void deleteFlag_removesItsTargetingInEveryEnvironment() {
        String p = newProject();
        putFlag(p, "new-checkout", CHECKOUT); // 1
        putTargeting(p, "dev", "new-checkout", ON_FOR_NG); // 2
        putTargeting(p, "prod", "new-checkout", OFF); // 3

        HttpResult r = server.delete(flagPath(p, "new-checkout"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(4);
        assertProblem(server.get(flagPath(p, "new-checkout")), 404);
        assertProblem(server.get(targetingPath(p, "dev", "new-checkout")), 404);
        assertThat(server.get(project(p) + "/flags").json().get("flags").isEmpty())
                .isTrue();
        List<String> changes = new ArrayList<>();
        server.get(project(p) + "/revisions/4")
                .json()
                .get("changes")
                .forEach(c -> changes.add(
                        c.get("kind").asText() + "/" + c.get("environment").asText("-") + "/"
                                + c.get("state").asText()));
        assertThat(changes)
                .containsExactlyInAnyOrder("flag/-/deleted", "targeting/dev/deleted", "targeting/prod/deleted");
        // Defining the flag again does not bring the old targeting back.
        putFlag(p, "new-checkout", CHECKOUT);
        assertThat(server.get(flagPath(p, "new-checkout"))
                        .json()
                        .get("environments")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void segment_putGetListDelete() {
        String p = newProject();
        assertThat(putSegment(p, "beta-testers", BETA)).isEqualTo(1);
        JsonNode changed = doc("{'name':'Beta','conditions':[{'attribute':'optIn','op':'eq','values':[true]}]}");
        assertThat(putSegment(p, "beta-testers", changed)).isEqualTo(2);

        JsonNode one = server.get(segmentPath(p, "beta-testers")).json();
        JsonNode list = server.get(project(p) + "/segments").json();
        HttpResult deleted = server.delete(segmentPath(p, "beta-testers"));

        assertThat(one.get("segment")).isEqualTo(changed);
        assertThat(one.get("revision").asLong()).isEqualTo(2);
        assertThat(list.get("segments")).isEqualTo(FlagDocs.tree(Map.of("beta-testers", changed)));
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(200);
        assertThat(deleted.json().get("revision").asLong()).isEqualTo(3);
        assertProblem(server.get(segmentPath(p, "beta-testers")), 404);
        assertThat(server.get(project(p) + "/segments").json().get("segments").isEmpty())
                .isTrue();
    }

    @Test
    void missingItems_getAndDelete_return404() {
        String p = newProject();
        putFlag(p, "untargeted", CHECKOUT);

        assertProblem(server.get(flagPath(p, "nope")), 404);
        assertProblem(server.delete(flagPath(p, "nope")), 404);
        assertProblem(server.get(targetingPath(p, "dev", "nope")), 404);
        assertProblem(server.put(targetingPath(p, "qa", "untargeted"), OFF), 404);
        assertProblem(server.delete(targetingPath(p, "dev", "untargeted")), 404);
        assertProblem(server.get(segmentPath(p, "nope")), 404);
        assertProblem(server.delete(segmentPath(p, "nope")), 404);
        assertThat(head(p)).isEqualTo(1);
    }

    @Test
    void writes_areAudited_withActionEnvironmentAndRevision() {
        String p = newProject();
        putSegment(p, "beta-testers", BETA); // 1
        putFlag(p, "new-checkout", CHECKOUT); // 2
        putTargeting(p, "dev", "new-checkout", ON_FOR_NG); // 3
        server.delete(targetingPath(p, "dev", "new-checkout")); // 4
        server.delete(flagPath(p, "new-checkout")); // 5
        server.delete(segmentPath(p, "beta-testers")); // 6

        List<String> events = new ArrayList<>();
        auditOf(p).stream()
                .filter(e -> e.path("action").asText().matches("(flag|targeting|segment)\\..*"))
                .forEach(e -> events.add(
                        e.path("revision").asLong() + " " + e.path("action").asText() + " "
                                + e.path("environment").asText("-") + " "
                                + e.path("key").asText()));

        assertThat(events)
                .containsExactly(
                        "6 segment.delete - beta-testers",
                        "5 flag.delete - new-checkout",
                        "4 targeting.delete dev new-checkout",
                        "3 targeting.set dev new-checkout",
                        "2 flag.set - new-checkout",
                        "1 segment.set - beta-testers");
        JsonNode set = auditOf(p).stream()
                .filter(e -> e.path("action").asText().equals("targeting.set"))
                .findFirst()
                .orElseThrow();
        assertThat(FlagDocs.doc(set.get("after").asText())).isEqualTo(ON_FOR_NG);
    }

    @Test
    void changeSet_segmentFlagAndTargeting_commitsOneRevision() {
        String p = newProject();
        JsonNode beta = doc("{'on':true,'rules':[{'when':[{'segment':'beta-testers'}],'serve':{'variant':'on'}}],"
                + "'defaultServe':{'variant':'off'}}");

        long revision = applyChanges(
                p,
                List.of(
                        targetingOp("dev", "new-checkout", beta),
                        flagOp("new-checkout", CHECKOUT),
                        segmentOp("beta-testers", BETA)));

        assertThat(revision).isEqualTo(1);
        assertThat(auditOf(p)).filteredOn(e -> e.path("revision").asLong() == 1).hasSize(3);
        JsonNode result = evaluate(p, "dev", "new-checkout", Map.of("email", "ada@beta.io"));
        assertThat(result.get("variant").asText()).isEqualTo("on");
        assertThat(result.get("reason").asText()).isEqualTo("TARGETING_MATCH");
        assertThat(result.get("ruleIndex").asInt()).isEqualTo(0);
    }

    @Test
    void flags_afterRestart_areLoadedFromTheStore() {
        String p = newProject();
        applyChanges(
                p,
                List.of(
                        segmentOp("beta-testers", BETA),
                        flagOp("new-checkout", CHECKOUT),
                        targetingOp("prod", "new-checkout", ON_FOR_NG)));

        server.restart();

        assertThat(server.get(flagPath(p, "new-checkout")).json().get("environments"))
                .isEqualTo(FlagDocs.tree(Map.of("prod", ON_FOR_NG)));
        assertThat(server.get(segmentPath(p, "beta-testers")).json().get("segment"))
                .isEqualTo(BETA);
        assertThat(evaluate(p, "prod", "new-checkout", Map.of("country", "NG"))
                        .get("variant")
                        .asText())
                .isEqualTo("on");
    }

    @Test
    void evaluate_withoutFlag_returnsEveryFlag() {
        String p = newProject();
        putFlag(p, "a", CHECKOUT);
        putFlag(p, "b", doc("{'type':'string','variants':{'x':'X','y':'Y'}}"));
        putTargeting(p, "dev", "a", ON_FOR_NG);
        putTargeting(p, "dev", "b", doc("{'on':true,'defaultServe':{'variant':'y'}}"));

        JsonNode all = evaluateRaw(p, "dev", Map.of("context", Map.of("country", "NG")));

        assertThat(all.get("flags").properties()).extracting(Map.Entry::getKey).containsExactly("a", "b");
        assertThat(all.get("flags").get("a"))
                .isEqualTo(doc("{'value':true,'variant':'on','reason':'TARGETING_MATCH'," + "'ruleIndex':0}"));
        assertThat(all.get("flags").get("b")).isEqualTo(doc("{'value':'Y','variant':'y','reason':'DEFAULT'}"));
    }

    @Test
    void evaluate_unknownFlag_returnsFlagNotFoundWithoutValue() {
        String p = newProject();

        JsonNode result = evaluate(p, "dev", "nope", Map.of());

        assertThat(result.get("value").isNull()).isTrue();
        assertThat(result.has("variant")).isFalse();
        assertThat(result.get("reason").asText()).isEqualTo("ERROR");
        assertThat(result.get("errorCode").asText()).isEqualTo("FLAG_NOT_FOUND");
    }

    @Test
    void evaluate_contextNotAnObject_returns422() {
        String p = newProject();

        HttpResult r = server.post(env(p, "dev") + "/evaluate", Map.of("flag", "a", "context", List.of(1)));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("context");
    }
}

package io.webwaka.config.server;

import static io.webwaka.config.server.FlagDocs.assertFieldError;
import static io.webwaka.config.server.FlagDocs.deleteOp;
import static io.webwaka.config.server.FlagDocs.doc;
import static io.webwaka.config.server.FlagDocs.flagOp;
import static io.webwaka.config.server.FlagDocs.segmentOp;
import static io.webwaka.config.server.FlagDocs.setOp;
import static io.webwaka.config.server.FlagDocs.targetingOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Write-time validation of flags, targeting and segments: every invalid write is a 422 that names
 * each problem (field and message), and nothing is written.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class FlagValidationTest extends FlagTestBase {
    private static final JsonNode BOOL = doc("{'type':'boolean'}");

    @Test
    void putTargeting_unknownOperator_returns422NamingIt() {
        assertTargetingRefused(
                "{'on':true,'rules':[{'when':[{'attribute':'country','op':'in','values':['NG']},"
                        + "{'attribute':'plan','op':'equals','values':['pro']}],'serve':{'variant':'on'}}]}",
                "value/rules/0/when/1/op",
                "unknown operator");
    }

    @Test
    void putTargeting_unknownVariantInRule_returns422NamingIt() {
        assertTargetingRefused(
                "{'on':true,'rules':[{'when':[],'serve':{'variant':'maybe'}}],'defaultServe':{'variant':'off'}}",
                "value/rules/0/serve/variant",
                "unknown variant");
    }

    @Test
    void putTargeting_unknownOffVariant_returns422NamingIt() {
        assertTargetingRefused("{'on':true,'offVariant':'nope'}", "value/offVariant", "unknown variant");
    }

    @Test
    void putTargeting_weightsNotSummingTo100_returns422NamingIt() {
        assertTargetingRefused(
                "{'on':true,'defaultServe':{'rollout':{'by':'userId','weights':{'on':50,'off':49.999}}}}",
                "value/defaultServe/rollout/weights",
                "sum to 100");
    }

    @Test
    void putTargeting_weightWithFourDecimals_returns422NamingIt() {
        String p = assertTargetingRefused(
                "{'on':true,'defaultServe':{'rollout':{'weights':{'on':33.3333,'off':66.6667}}}}",
                "value/defaultServe/rollout/weights/on",
                "three decimals");
        assertThat(head(p)).isEqualTo(1);
    }

    @Test
    void putFlag_variantValuesNotMatchingType_returns422NamingEach() {
        String p = newProject();

        HttpResult string = server.put(flagPath(p, "f"), doc("{'type':'string','variants':{'a':'A','b':5}}"));
        HttpResult number = server.put(flagPath(p, "n"), doc("{'type':'number','variants':{'n':'7'}}"));
        HttpResult bool = server.put(flagPath(p, "b"), doc("{'type':'boolean','variants':{'on':'true','off':false}}"));

        assertFieldError(assertProblem(string, 422), "value/variants/b", "must be a string");
        assertFieldError(assertProblem(number, 422), "value/variants/n", "must be a number");
        assertFieldError(assertProblem(bool, 422), "value/variants/on", "must be a boolean");
        assertThat(head(p)).isZero();
        assertProblem(server.get(flagPath(p, "f")), 404);
    }

    @Test
    void putTargeting_malformedSemver_returns422NamingIt() {
        assertTargetingRefused(condition("'attribute':'v','op':'semverGte','values':['2.1']"), "SemVer");
    }

    @Test
    void putTargeting_malformedInstant_returns422NamingIt() {
        assertTargetingRefused(condition("'attribute':'t','op':'before','values':['2025-01-01']"), "ISO-8601");
    }

    @Test
    void putTargeting_malformedRegex_returns422NamingIt() {
        assertTargetingRefused(
                condition("'attribute':'s','op':'matches','values':['(unclosed']"), "regular expression");
    }

    @Test
    void putTargeting_missingSegment_returns422NamingIt() {
        assertTargetingRefused(
                "{'on':true,'rules':[{'when':[{'segment':'nope'}],'serve':{'variant':'on'}}]}",
                "value/rules/0/when/0/segment",
                "unknown segment");
    }

    @Test
    void putTargeting_missingPrerequisiteFlag_returns422NamingIt() {
        assertTargetingRefused(
                "{'on':true,'prerequisites':[{'flag':'ghost','variant':'on'}],'defaultServe':{'variant':'on'}}",
                "value/prerequisites/0/flag",
                "unknown flag");
    }

    @Test
    void putTargeting_prerequisiteCycle_returns422NotStackOverflow() {
        String p = newProject();
        putFlag(p, "a", BOOL);
        putFlag(p, "b", BOOL);
        putTargeting(p, "dev", "a", requires("b"));
        long head = head(p);

        HttpResult r = server.put(targetingPath(p, "dev", "b"), requires("a"));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "value/prerequisites/0/flag", "cycle");
        assertFieldError(problem, "environments/dev/targeting/a/prerequisites/0/flag", "cycle");
        assertThat(head(p)).isEqualTo(head);
        assertThat(server.get(targetingPath(p, "dev", "b"))
                        .json()
                        .get("targeting")
                        .isNull())
                .isTrue();
    }

    @Test
    void putTargeting_flagRequiringItself_returns422() {
        String p = newProject();
        putFlag(p, "a", BOOL);

        JsonNode problem = assertProblem(server.put(targetingPath(p, "dev", "a"), requires("a")), 422);

        assertFieldError(problem, "value/prerequisites/0/flag", "a → a");
        assertThat(head(p)).isEqualTo(1);
    }

    @Test
    void changeSet_prerequisiteCycleOfThree_returns422ForEachMember() {
        String p = newProject();

        HttpResult r = server.post(
                project(p) + "/changes",
                FlagDocs.changeSet(List.of(
                        flagOp("a", BOOL),
                        flagOp("b", BOOL),
                        flagOp("c", BOOL),
                        targetingOp("dev", "a", requires("b")),
                        targetingOp("dev", "b", requires("c")),
                        targetingOp("dev", "c", requires("a")))));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "ops[3].value/prerequisites/0/flag", "cycle");
        assertFieldError(problem, "ops[4].value/prerequisites/0/flag", "cycle");
        assertFieldError(problem, "ops[5].value/prerequisites/0/flag", "cycle");
        assertThat(head(p)).isZero();
    }

    @Test
    void deleteSegment_usedByARule_returns422NamingTheRule() {
        String p = newProject();
        putSegment(p, "beta", doc("{'conditions':[{'attribute':'email','op':'endsWith','values':['@beta.io']}]}"));
        putFlag(p, "f", BOOL);
        putTargeting(
                p, "prod", "f", doc("{'on':true,'rules':[{'when':[{'segment':'beta'}],'serve':{'variant':'on'}}]}"));

        HttpResult r = server.delete(segmentPath(p, "beta"));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "environments/prod/targeting/f/rules/0/when/0/segment", "unknown segment");
        assertThat(head(p)).isEqualTo(3);
        assertThat(server.get(segmentPath(p, "beta")).status()).isEqualTo(200);
    }

    @Test
    void deleteFlag_requiredByAnother_returns422NamingThePrerequisite() {
        String p = newProject();
        putFlag(p, "base", BOOL);
        putFlag(p, "dependent", BOOL);
        putTargeting(p, "staging", "dependent", requires("base"));

        HttpResult r = server.delete(flagPath(p, "base"));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "environments/staging/targeting/dependent/prerequisites/0/flag", "unknown flag");
        assertThat(head(p)).isEqualTo(3);
    }

    @Test
    void putFlag_droppingAVariantInUse_returns422NamingTheTargeting() {
        String p = newProject();
        putFlag(p, "color", doc("{'type':'string','variants':{'blue':'#00f','green':'#0f0'}}"));
        putTargeting(p, "dev", "color", doc("{'on':true,'defaultServe':{'variant':'green'}}"));

        HttpResult r = server.put(flagPath(p, "color"), doc("{'type':'string','variants':{'blue':'#00f'}}"));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "environments/dev/targeting/color/defaultServe/variant", "unknown variant");
        assertThat(head(p)).isEqualTo(2);
    }

    @Test
    void changeSet_severalProblems_listsEveryOneAndWritesNothing() {
        String p = newProject();

        HttpResult r = server.post(
                project(p) + "/changes",
                FlagDocs.changeSet(List.of(
                        setOp("config", null, "ok", 1),
                        flagOp("f", doc("{'type':'string','variants':{'a':'A','b':5}}")),
                        targetingOp(
                                "dev",
                                "g",
                                doc(
                                        "{'on':true,'rules':[{'when':[{'attribute':'x','op':'like',"
                                                + "'values':['y']},{'attribute':'v','op':'semverGt','values':['x.y.z']}],"
                                                + "'serve':{'variant':'maybe'}}],'defaultServe':{'rollout':{'weights':{'on':10}}}}")),
                        flagOp("g", BOOL),
                        segmentOp(
                                "s", doc("{'conditions':[{'attribute':'t','op':'after','values':['yesterday']}]}")))));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "ops[1].value/variants/b", "must be a string");
        assertFieldError(problem, "ops[2].value/rules/0/when/0/op", "unknown operator");
        assertFieldError(problem, "ops[2].value/rules/0/when/1/values/0", "SemVer");
        assertFieldError(problem, "ops[2].value/rules/0/serve/variant", "unknown variant");
        assertFieldError(problem, "ops[2].value/defaultServe/rollout/weights", "sum to 100");
        assertFieldError(problem, "ops[4].value/conditions/0/values/0", "ISO-8601");
        assertThat(head(p)).isZero();
        assertThat(effective(p, "dev").isEmpty()).isTrue();
    }

    @Test
    void changeSet_missingItemAndInvalidTargeting_listsBoth() {
        String p = newProject();

        HttpResult r = server.post(
                project(p) + "/changes",
                FlagDocs.changeSet(List.of(
                        flagOp("f", BOOL),
                        targetingOp("dev", "f", doc(condition("'attribute':'v','op':'semverGte','values':['2.1']"))),
                        deleteOp("segment", null, "never-was"))));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, "ops[2].key", "does not exist");
        assertFieldError(problem, "ops[1].value/rules/0/when/0/values/0", "SemVer");
        assertThat(head(p)).isZero();
    }

    /** A boolean flag "f" is defined; PUT {@code targeting} for it in dev must be refused. */
    private String assertTargetingRefused(String targeting, String field, String message) {
        String p = newProject();
        putFlag(p, "f", BOOL);

        HttpResult r = server.put(targetingPath(p, "dev", "f"), doc(targeting));

        JsonNode problem = assertProblem(r, 422);
        assertFieldError(problem, field, message);
        assertThat(problem.get("detail").asText()).containsIgnoringCase(message);
        assertThat(head(p)).isEqualTo(1);
        assertThat(server.get(targetingPath(p, "dev", "f"))
                        .json()
                        .get("targeting")
                        .isNull())
                .isTrue();
        return p;
    }

    private void assertTargetingRefused(String targeting, String message) {
        assertTargetingRefused(targeting, "value/rules/0/when/0/values/0", message);
    }

    private static String condition(String members) {
        return "{'on':true,'rules':[{'when':[{" + members
                + "}],'serve':{'variant':'on'}}],'defaultServe':{'variant':'off'}}";
    }

    private static JsonNode requires(String flag) {
        return doc(
                "{'on':true,'prerequisites':[{'flag':'" + flag + "','variant':'on'}],'defaultServe':{'variant':'on'}}");
    }
}

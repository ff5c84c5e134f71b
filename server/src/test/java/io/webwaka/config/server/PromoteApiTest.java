package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Comparing two environments and promoting values from one to another as one change set. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PromoteApiTest extends ApiTestBase {

    private String seeded() {
        String p = newProject();
        putDefault(p, "shared", "same");
        putOverride(p, "staging", "db.pool", 20);
        putOverride(p, "prod", "db.pool", 10);
        putOverride(p, "staging", "feature.x", true);
        putOverride(p, "prod", "legacy", "keep");
        putOverride(p, "staging", "timeout", 30);
        return p;
    }

    private String compareUrl(String p) {
        return project(p) + "/compare?from=staging&to=prod";
    }

    @Test
    void compare_listsOnlyInEachAndDifferent() {
        String p = seeded();
        HttpResult r = server.get(compareUrl(p));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode c = r.json().get("configs");
        assertThat(c.get("onlyInFrom").fieldNames()).toIterable().containsExactly("feature.x", "timeout");
        assertThat(c.get("onlyInTo").fieldNames()).toIterable().containsExactly("legacy");
        assertThat(c.at("/different/db.pool/from").asInt()).isEqualTo(20);
        assertThat(c.at("/different/db.pool/to").asInt()).isEqualTo(10);
        assertThat(c.get("different").has("shared")).isFalse();
        assertThat(r.json().get("same").asBoolean()).isFalse();
        assertThat(server.get(project(p) + "/compare?from=staging&to=nowhere").status())
                .isEqualTo(404);
        assertThat(server.get(project(p) + "/compare?from=staging").status()).isEqualTo(400);
    }

    @Test
    void promote_dryRun_showsPlanAndChangesNothing() {
        String p = seeded();
        long before = head(p);
        int audit = auditOf(p).size();
        HttpResult r = server.post(project(p) + "/promote", Map.of("from", "staging", "to", "prod", "dryRun", true));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("changes")).hasSize(3);
        assertThat(r.json().get("revision").asLong()).isEqualTo(before);
        assertThat(head(p)).isEqualTo(before);
        assertThat(auditOf(p)).hasSize(audit);
        assertThat(effective(p, "prod").get("db.pool").asInt()).isEqualTo(10);
    }

    @Test
    void promote_listedKeys_appliesExactlyThoseAsOneRevision() {
        String p = seeded();
        long before = head(p);
        HttpResult r = server.post(
                project(p) + "/promote",
                Map.of("from", "staging", "to", "prod", "keys", List.of("db.pool", "timeout")));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("revision").asLong()).isEqualTo(before + 1);
        JsonNode prod = effective(p, "prod");
        assertThat(prod.get("db.pool").asInt()).isEqualTo(20);
        assertThat(prod.get("timeout").asInt()).isEqualTo(30);
        assertThat(prod.has("feature.x")).isFalse();
        assertThat(prod.get("legacy").asText()).isEqualTo("keep");
        List<JsonNode> events = auditOf(p).stream()
                .filter(e -> e.path("revision").asLong() == before + 1)
                .toList();
        assertThat(events).hasSize(2);
        assertThat(server.get(compareUrl(p)).json().at("/configs/onlyInFrom").fieldNames())
                .toIterable()
                .containsExactly("feature.x");
    }

    @Test
    void promote_isSchemaChecked_andRefusedWholly() {
        String p = seeded();
        HttpResult s = server.put(
                project(p) + "/configs/timeout/schema", Map.of("schema", Map.of("type", "integer", "maximum", 60)));
        assertThat(s.status()).as("%s", s).isEqualTo(200);
        HttpResult s2 = server.put(
                project(p) + "/configs/db.pool/schema", Map.of("schema", Map.of("type", "integer", "maximum", 15)));
        assertThat(s2.status()).as("%s", s2).isEqualTo(422);
        HttpResult forced = server.put(
                project(p) + "/configs/db.pool/schema",
                Map.of("schema", Map.of("type", "integer", "maximum", 15), "force", true));
        assertThat(forced.status()).as("%s", forced).isEqualTo(200);
        long before = head(p);
        HttpResult r = server.post(project(p) + "/promote", Map.of("from", "staging", "to", "prod"));
        JsonNode problem = assertProblem(r, 422);
        assertThat(errorMessages(problem)).contains("prod: config 'db.pool'");
        assertThat(head(p)).isEqualTo(before);
        assertThat(effective(p, "prod").has("timeout")).isFalse();
        HttpResult dry = server.post(project(p) + "/promote", Map.of("from", "staging", "to", "prod", "dryRun", true));
        assertThat(dry.status()).isEqualTo(422);
    }

    @Test
    void compareAndPromote_flagTargeting_byValue() {
        String p = newProject();
        HttpResult flag = server.put(project(p) + "/flags/new-ui", Map.of("type", "boolean"));
        assertThat(flag.status()).as("%s", flag).isEqualTo(200);
        Map<String, Object> on = Map.of("on", true, "defaultServe", Map.of("variant", "on"));
        HttpResult t = server.put(env(p, "staging") + "/flags/new-ui", on);
        assertThat(t.status()).as("%s", t).isEqualTo(200);
        JsonNode c = server.get(compareUrl(p)).json();
        assertThat(c.at("/flags/onlyInFrom/new-ui/on").asBoolean()).isTrue();
        HttpResult r = server.post(project(p) + "/promote", Map.of("from", "staging", "to", "prod"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().at("/changes/0/kind").asText()).isEqualTo("targeting");
        assertThat(server.get(compareUrl(p)).json().get("same").asBoolean()).isTrue();
    }

    @Test
    void promote_badRequest_listsEveryProblem() {
        String p = seeded();
        HttpResult r = server.post(project(p) + "/promote", Map.of("to", "nowhere", "keys", List.of("ghost", 3)));
        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).contains("from", "to", "keys[1]");
        HttpResult missing =
                server.post(project(p) + "/promote", Map.of("from", "staging", "to", "prod", "keys", List.of("ghost")));
        assertThat(errorMessages(assertProblem(missing, 422))).contains("ghost");
    }
}

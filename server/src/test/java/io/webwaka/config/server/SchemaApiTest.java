package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** JSON Schemas per config key and per project: enforced on every write, versioned with revisions. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SchemaApiTest extends ApiTestBase {

    private HttpResult putKeySchema(String p, String key, Object schema) {
        return server.put(project(p) + "/configs/" + key + "/schema", Map.of("schema", schema));
    }

    private void okKeySchema(String p, String key, Object schema) {
        HttpResult r = putKeySchema(p, key, schema);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    /** PUTs a bad value and asserts 422 with one error at {@code field} and an unchanged revision. */
    private JsonNode rejected(String p, String key, Object value, String field) {
        long before = head(p);
        HttpResult r = server.put(project(p) + "/configs/" + key, Map.of("value", value));
        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).as("%s", r).contains(field);
        assertThat(head(p)).isEqualTo(before);
        return problem;
    }

    @Test
    void type_wrongType_422AtValue() {
        String p = newProject();
        okKeySchema(p, "db.port", Map.of("type", "integer"));
        JsonNode problem = rejected(p, "db.port", "5432", "value");
        assertThat(errorMessages(problem))
                .contains("dev, staging, prod: config 'db.port'")
                .contains("integer");
        putDefault(p, "db.port", 5432);
    }

    @Test
    void required_missingProperty_422WithPointer() {
        String p = newProject();
        okKeySchema(
                p,
                "db",
                Map.of(
                        "type",
                        "object",
                        "required",
                        List.of("host"),
                        "properties",
                        Map.of("pool", Map.of("type", "object", "required", List.of("max")))));
        JsonNode problem = rejected(p, "db", Map.of("pool", Map.of()), "value");
        assertThat(errorFields(problem)).contains("value/pool");
        assertThat(errorMessages(problem)).contains("host").contains("max");
        putDefault(p, "db", Map.of("host", "h", "pool", Map.of("max", 5)));
    }

    @Test
    void enumPatternRange_eachRejectedWithItsPointer() {
        String p = newProject();
        okKeySchema(
                p,
                "svc",
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of(
                                "mode", Map.of("enum", List.of("fast", "safe")),
                                "name", Map.of("type", "string", "pattern", "^[a-z]+$"),
                                "size", Map.of("type", "integer", "minimum", 1, "maximum", 10))));
        rejected(p, "svc", Map.of("mode", "slow"), "value/mode");
        rejected(p, "svc", Map.of("name", "Upper"), "value/name");
        rejected(p, "svc", Map.of("size", 11), "value/size");
        JsonNode all = rejected(p, "svc", Map.of("mode", "slow", "name", "X", "size", 0), "value/mode");
        assertThat(errorFields(all)).contains("value/name", "value/size");
        putDefault(p, "svc", Map.of("mode", "safe", "name", "ok", "size", 10));
    }

    @Test
    void additionalProperties_extraKey_422() {
        String p = newProject();
        okKeySchema(
                p,
                "limits",
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("max", Map.of("type", "integer")),
                        "additionalProperties",
                        false));
        JsonNode problem = rejected(p, "limits", Map.of("max", 1, "extra", true), "value");
        assertThat(errorMessages(problem)).contains("extra");
        putDefault(p, "limits", Map.of("max", 1));
    }

    @Test
    void override_violatingInOneEnvironment_namesThatEnvironment() {
        String p = newProject();
        okKeySchema(p, "rate", Map.of("type", "number", "maximum", 100));
        putDefault(p, "rate", 10);
        long before = head(p);
        HttpResult r = server.put(env(p, "prod") + "/configs/rate", Map.of("value", 1000));
        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("value");
        assertThat(errorMessages(problem)).startsWith("prod: config 'rate'");
        assertThat(head(p)).isEqualTo(before);
    }

    @Test
    void changeSet_listsEveryErrorAndWritesNothing() {
        String p = newProject();
        okKeySchema(p, "a", Map.of("type", "integer"));
        okKeySchema(p, "b", Map.of("type", "string"));
        long before = head(p);
        HttpResult r = server.post(
                project(p) + "/changes",
                Map.of(
                        "ops",
                        List.of(
                                Map.of("op", "set", "kind", "config", "key", "a", "value", "x"),
                                Map.of("op", "set", "kind", "config", "key", "b", "value", 1),
                                Map.of("op", "set", "kind", "config", "key", "c", "value", 1))));
        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).contains("ops[0].value", "ops[1].value");
        assertThat(head(p)).isEqualTo(before);
        assertThat(effective(p, "dev").has("c")).isFalse();
    }

    @Test
    void projectSchema_validatesEffectiveConfigAsOneObject() {
        String p = newProject();
        putDefault(p, "timeout", 5);
        HttpResult s = server.put(
                project(p) + "/schema",
                Map.of(
                        "schema",
                        Map.of(
                                "type",
                                "object",
                                "required",
                                List.of("timeout"),
                                "properties",
                                Map.of("timeout", Map.of("type", "integer", "minimum", 1)))));
        assertThat(s.status()).as("%s", s).isEqualTo(200);
        long before = head(p);
        HttpResult r = server.put(env(p, "staging") + "/configs/timeout", Map.of("value", 0));
        JsonNode problem = assertProblem(r, 422);
        assertThat(errorMessages(problem)).contains("staging: config 'timeout'");
        HttpResult del = server.delete(project(p) + "/configs/timeout");
        JsonNode missing = assertProblem(del, 422);
        assertThat(errorMessages(missing)).contains("timeout");
        assertThat(head(p)).isEqualTo(before);
        assertThat(server.get(project(p) + "/schema")
                        .json()
                        .at("/schema/required/0")
                        .asText())
                .isEqualTo("timeout");
    }

    @Test
    void schemaChange_violatedByProd_refusedNamingEnvironmentAndKey_thenForcedAndAudited() {
        String p = newProject();
        putDefault(p, "workers", 4);
        putOverride(p, "prod", "workers", 64);
        long before = head(p);
        Map<String, Object> schema = Map.of("type", "integer", "maximum", 32);
        JsonNode problem = assertProblem(putKeySchema(p, "workers", schema), 422);
        assertThat(errorFields(problem)).containsExactly("environments/prod/configs/workers");
        assertThat(errorMessages(problem)).contains("prod: config 'workers'").contains("force");
        assertThat(head(p)).isEqualTo(before);
        assertThat(server.get(project(p) + "/configs/workers/schema").status()).isEqualTo(404);

        HttpResult forced = server.put(project(p) + "/configs/workers/schema", Map.of("schema", schema, "force", true));
        assertThat(forced.status()).as("%s", forced).isEqualTo(200);
        assertThat(head(p)).isEqualTo(before + 1);
        JsonNode event = auditOf(p).stream()
                .filter(e -> e.path("action").asText().equals("schema.force"))
                .findFirst()
                .orElseThrow();
        assertThat(event.path("key").asText()).isEqualTo("workers");
        assertThat(event.toString()).contains("prod: config 'workers'");
        // The forced violation does not block unrelated writes, but a write to the key is checked.
        putOverride(p, "dev", "other", 1);
        assertThat(server.put(env(p, "staging") + "/configs/workers", Map.of("value", 33))
                        .status())
                .isEqualTo(422);
        putOverride(p, "prod", "workers", 32);
    }

    @Test
    void invalidSchemaDocument_422PointingIntoTheSchema() {
        String p = newProject();
        JsonNode problem = assertProblem(putKeySchema(p, "x", Map.of("type", "integr")), 422);
        assertThat(errorMessages(problem)).contains("not a valid JSON Schema");
        assertThat(errorFields(problem).get(0)).startsWith("value");
        assertThat(assertProblem(putKeySchema(p, "x", "string"), 422).toString())
                .contains("schema");
        // Patterns run on a linear-time engine: constructs that need backtracking are refused up front.
        JsonNode lookahead = assertProblem(putKeySchema(p, "x", Map.of("pattern", "^(?=a)a$")), 422);
        assertThat(errorMessages(lookahead)).contains("cannot be used");
        okKeySchema(p, "x", Map.of("type", "string", "pattern", "^(a+)+$"));
        HttpResult evil = server.put(project(p) + "/configs/x", Map.of("value", "a".repeat(5000) + "!"));
        assertThat(assertProblem(evil, 422).toString()).contains("x");
    }

    @Test
    void schemas_areVersioned_oldRevisionShowsItsSchema_andRollbackIsChecked() {
        String p = newProject();
        putDefault(p, "level", "debug");
        long plain = head(p);
        putDefault(p, "level", 3);
        okKeySchema(p, "level", Map.of("type", "integer"));
        long typed = head(p);
        okKeySchema(p, "level", Map.of("type", "integer", "maximum", 5));

        JsonNode old = server.get(project(p) + "/configs/level/schema?revision=" + typed)
                .json();
        assertThat(old.get("schema").has("maximum")).isFalse();
        assertThat(server.get(project(p) + "/configs/level/schema?revision=" + plain)
                        .status())
                .isEqualTo(404);
        JsonNode snap =
                server.get(env(p, "dev") + "/snapshot?revision=" + typed).json();
        assertThat(snap.at("/schemas/level/type").asText()).isEqualTo("integer");
        JsonNode rev = server.get(project(p) + "/revisions/" + typed).json();
        assertThat(rev.at("/changes/0/kind").asText()).isEqualTo("schema");

        long before = head(p);
        HttpResult rb = server.post(env(p, "dev") + "/rollback", Map.of("toRevision", plain));
        JsonNode problem = assertProblem(rb, 422);
        assertThat(errorFields(problem)).containsExactly("environments/dev/configs/level");
        assertThat(head(p)).isEqualTo(before);

        HttpResult del = server.delete(project(p) + "/configs/level/schema");
        assertThat(del.status()).as("%s", del).isEqualTo(200);
        assertThat(server.get(project(p) + "/configs/level/schema").status()).isEqualTo(404);
        assertThat(server.post(env(p, "dev") + "/rollback", Map.of("toRevision", plain))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void changeSet_canSetSchemaAndValueTogether() {
        String p = newProject();
        HttpResult r = server.post(
                project(p) + "/changes",
                Map.of(
                        "ops",
                        List.of(
                                Map.of("op", "set", "kind", "schema", "key", "n", "value", Map.of("type", "integer")),
                                Map.of("op", "set", "kind", "config", "key", "n", "value", "seven"))));
        assertThat(errorFields(assertProblem(r, 422))).containsExactly("ops[1].value");
        HttpResult ok = server.post(
                project(p) + "/changes",
                Map.of(
                        "ops",
                        List.of(
                                Map.of("op", "set", "kind", "schema", "key", "n", "value", Map.of("type", "integer")),
                                Map.of("op", "set", "kind", "config", "key", "n", "value", 7))));
        assertThat(ok.status()).as("%s", ok).isEqualTo(201);
    }
}

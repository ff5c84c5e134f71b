package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Config items: project-wide defaults, environment overrides, effective values, deletes. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ConfigsApiTest extends ApiTestBase {

    @Test
    void putDefault_typedValues_areStoredAsSent() {
        String p = newProject();
        Map<String, Object> values = Map.of(
                "s.string",
                "hello",
                "s.number",
                42.5,
                "s.integer",
                7,
                "s.boolean",
                true,
                "s.object",
                Map.of("host", "db", "port", 5432),
                "s.array",
                List.of(1, "two", false));

        values.forEach((key, value) -> putDefault(p, key, value));

        JsonNode dev = effective(p, "dev");
        assertThat(dev.get("s.string").isTextual()).isTrue();
        assertThat(dev.get("s.string").asText()).isEqualTo("hello");
        assertThat(dev.get("s.number").isNumber()).isTrue();
        assertThat(dev.get("s.number").asDouble()).isEqualTo(42.5);
        assertThat(dev.get("s.integer").isIntegralNumber()).isTrue();
        assertThat(dev.get("s.integer").asInt()).isEqualTo(7);
        assertThat(dev.get("s.boolean").isBoolean()).isTrue();
        assertThat(dev.get("s.boolean").asBoolean()).isTrue();
        assertThat(dev.get("s.object").get("port").asInt()).isEqualTo(5432);
        assertThat(dev.get("s.object").get("host").asText()).isEqualTo("db");
        assertThat(dev.get("s.array").toString()).isEqualTo("[1,\"two\",false]");
        assertThat(head(p)).isEqualTo(values.size());
    }

    @Test
    void putDefault_withDescription_returnsItemWithDescriptionAndRevision() {
        String p = newProject();

        HttpResult r = server.put(
                project(p) + "/configs/db.pool.max-size", Map.of("value", 10, "description", "connections per node"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("key").asText()).isEqualTo("db.pool.max-size");
        assertThat(r.json().get("value").asInt()).isEqualTo(10);
        assertThat(r.json().get("description").asText()).isEqualTo("connections per node");
        assertThat(r.json().get("revision").asLong()).isEqualTo(1);
        assertThat(r.header("ETag")).contains("\"1\"");
    }

    @Test
    void putDefault_newValueWithoutDescription_keepsDescription() {
        String p = newProject();
        server.put(project(p) + "/configs/timeout", Map.of("value", 5, "description", "seconds"));

        putDefault(p, "timeout", 6);

        JsonNode item = server.get(project(p) + "/configs/timeout").json();
        assertThat(item.get("value").asInt()).isEqualTo(6);
        assertThat(item.get("description").asText()).isEqualTo("seconds");
    }

    @Test
    void putDefault_emptyDescription_removesIt() {
        String p = newProject();
        server.put(project(p) + "/configs/timeout", Map.of("value", 5, "description", "seconds"));

        HttpResult r = server.put(project(p) + "/configs/timeout", Map.of("value", 5, "description", ""));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode item = server.get(project(p) + "/configs/timeout").json();
        assertThat(item.path("description").isMissingNode()
                        || item.get("description").isNull())
                .as("%s", item)
                .isTrue();
    }

    @Test
    void getItem_withOverride_showsDefaultAndOverrides() {
        String p = newProject();
        putDefault(p, "retries", 3);
        putOverride(p, "prod", "retries", 5);

        HttpResult r = server.get(project(p) + "/configs/retries");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("value").asInt()).isEqualTo(3);
        assertThat(r.json().get("overrides").get("prod").asInt()).isEqualTo(5);
        assertThat(r.json().get("overrides").has("dev")).isFalse();
        assertThat(r.json().get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void getItem_unknownKey_returns404() {
        String p = newProject();

        JsonNode problem = assertProblem(server.get(project(p) + "/configs/nothing.here"), 404);

        assertThat(problem.get("detail").asText()).contains("nothing.here");
    }

    @Test
    void effective_overrideInOneEnvironment_winsThereOnly() {
        String p = newProject();
        putDefault(p, "log.level", "info");
        putDefault(p, "feature.x", false);
        putOverride(p, "prod", "log.level", "warn");

        JsonNode prod = effective(p, "prod");
        JsonNode dev = effective(p, "dev");

        assertThat(prod.get("log.level").asText()).isEqualTo("warn");
        assertThat(prod.get("feature.x").asBoolean()).isFalse();
        assertThat(dev.get("log.level").asText()).isEqualTo("info");
        assertThat(dev.get("feature.x").asBoolean()).isFalse();
    }

    @Test
    void getOverride_reportsSourceOverrideOrDefault() {
        String p = newProject();
        putDefault(p, "log.level", "info");
        putOverride(p, "prod", "log.level", "warn");

        JsonNode prod = server.get(env(p, "prod") + "/configs/log.level").json();
        JsonNode dev = server.get(env(p, "dev") + "/configs/log.level").json();

        assertThat(prod.get("value").asText()).isEqualTo("warn");
        assertThat(prod.get("source").asText()).isEqualTo("override");
        assertThat(dev.get("value").asText()).isEqualTo("info");
        assertThat(dev.get("source").asText()).isEqualTo("default");
    }

    @Test
    void putOverride_withoutDefault_existsOnlyInThatEnvironment() {
        String p = newProject();

        putOverride(p, "dev", "debug.sql", true);

        assertThat(effective(p, "dev").get("debug.sql").asBoolean()).isTrue();
        assertThat(effective(p, "prod").has("debug.sql")).isFalse();
    }

    @Test
    void deleteOverride_fallsBackToDefault() {
        String p = newProject();
        putDefault(p, "log.level", "info");
        putOverride(p, "prod", "log.level", "warn");

        HttpResult r = server.delete(env(p, "prod") + "/configs/log.level");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(3);
        assertThat(effective(p, "prod").get("log.level").asText()).isEqualTo("info");
        assertThat(server.get(project(p) + "/configs/log.level")
                        .json()
                        .get("overrides")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void deleteConfig_withOverrides_isGoneEverywhere() {
        String p = newProject();
        putDefault(p, "old.setting", 1);
        putOverride(p, "dev", "old.setting", 2);
        putOverride(p, "prod", "old.setting", 3);

        HttpResult r = server.delete(project(p) + "/configs/old.setting");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(4);
        for (String e : List.of("dev", "staging", "prod")) {
            assertThat(effective(p, e).has("old.setting")).as(e).isFalse();
            assertProblem(server.get(env(p, e) + "/configs/old.setting"), 404);
        }
        assertProblem(server.get(project(p) + "/configs/old.setting"), 404);
    }

    @Test
    void deleteConfig_nonexistent_returns404NamingTheKeyAndWritesNothing() {
        String p = newProject();
        putDefault(p, "kept", 1);

        HttpResult r = server.delete(project(p) + "/configs/never.existed");

        JsonNode problem = assertProblem(r, 404);
        assertThat(problem.get("detail").asText()).contains("never.existed").contains("does not exist");
        assertThat(head(p)).isEqualTo(1);
    }

    @Test
    void deleteConfig_nonexistent_detailNamesTheMissingConfigWithoutChangeSetFields() {
        String p = newProject();

        HttpResult r = server.delete(project(p) + "/configs/never.existed");

        assertThat(r.status()).isIn(404, 422);
        JsonNode problem = assertProblem(r, r.status());
        assertThat(problem.get("detail").asText()).contains("never.existed");
        assertThat(errorFields(problem)).noneMatch(f -> f.startsWith("ops["));
    }

    @Test
    void deleteOverride_nonexistent_returns404NamingEnvironmentAndKey() {
        String p = newProject();
        putDefault(p, "kept", 1);

        HttpResult r = server.delete(env(p, "dev") + "/configs/kept");

        JsonNode problem = assertProblem(r, 404);
        assertThat(problem.get("detail").asText()).contains("dev").contains("kept");
        assertThat(head(p)).isEqualTo(1);
    }

    @Test
    void putDefault_nullValue_returns422OnValue() {
        String p = newProject();

        HttpResult r = server.put(project(p) + "/configs/x", "{\"value\": null}");

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("value");
        assertThat(head(p)).isZero();
    }

    @Test
    void putDefault_missingValue_returns422OnValue() {
        String p = newProject();

        HttpResult r = server.put(project(p) + "/configs/x", Map.of("description", "no value"));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("value");
    }

    @Test
    void putDefault_invalidKey_returns422OnKey() {
        String p = newProject();

        HttpResult r = server.put(project(p) + "/configs/-bad..key", Map.of("value", 1));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("key");
        assertThat(errorMessages(problem)).contains("-bad..key");
        assertThat(head(p)).isZero();
    }

    @Test
    void putDefault_keyLongerThanLimit_returns422() {
        String p = newProject();

        HttpResult r = server.put(project(p) + "/configs/" + "k".repeat(201), Map.of("value", 1));

        assertThat(errorMessages(assertProblem(r, 422))).contains("200");
    }

    @Test
    void putOverride_withDescription_returns422() {
        String p = newProject();

        HttpResult r = server.put(env(p, "dev") + "/configs/x", Map.of("value", 1, "description", "d"));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("description");
        assertThat(head(p)).isZero();
    }

    @Test
    void putOverride_unknownEnvironment_returns404() {
        String p = newProject();

        JsonNode problem = assertProblem(server.put(env(p, "qa") + "/configs/x", Map.of("value", 1)), 404);

        assertThat(problem.get("detail").asText()).contains("qa");
        assertThat(head(p)).isZero();
    }

    @Test
    void effective_unknownEnvironment_returns404() {
        String p = newProject();

        assertProblem(server.get(env(p, "qa") + "/configs"), 404);
    }

    @Test
    void putDefault_unknownProject_returns404() {
        JsonNode problem = assertProblem(server.put(project("ghost") + "/configs/x", Map.of("value", 1)), 404);

        assertThat(problem.get("detail").asText()).contains("ghost");
    }

    @Test
    void listConfigs_returnsEveryItemWithDefaultsAndOverrides() {
        String p = newProject();
        putDefault(p, "a", 1);
        putOverride(p, "dev", "b", 2);

        JsonNode list = server.get(project(p) + "/configs").json();

        assertThat(list.get("revision").asLong()).isEqualTo(2);
        assertThat(list.get("configs")).hasSize(2);
        assertThat(list.get("configs").get(0).get("key").asText()).isEqualTo("a");
        assertThat(list.get("configs").get(1).get("overrides").get("dev").asInt())
                .isEqualTo(2);
    }

    @Test
    void putDefault_ifMatchStale_returns409AndWritesNothing() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = server.call("PUT", project(p) + "/configs/a")
                .header("If-Match", "\"0\"")
                .json(Map.of("value", 2))
                .send();

        JsonNode problem = assertProblem(r, 409);
        assertThat(problem.get("currentRevision").asLong()).isEqualTo(1);
        assertThat(effective(p, "dev").get("a").asInt()).isEqualTo(1);
    }
}

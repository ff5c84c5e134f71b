package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Projects and environments: create, list, add, rename and protect. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ProjectsApiTest extends ApiTestBase {

    @Test
    void createProject_newKey_createsDevStagingProdWithProdProtected() {
        HttpResult r = server.post(PROJECTS, Map.of("key", "checkout-" + kind.ordinal(), "name", "Checkout"));

        assertThat(r.status()).isEqualTo(201);
        JsonNode p = r.json();
        assertThat(p.get("key").asText()).isEqualTo("checkout-" + kind.ordinal());
        assertThat(p.get("name").asText()).isEqualTo("Checkout");
        assertThat(p.get("revision").asLong()).isZero();
        assertThat(envKeys(p.get("environments"))).containsExactly("dev", "staging", "prod");
        assertThat(protectedOf(p.get("environments"))).containsExactly(false, false, true);
    }

    @Test
    void createProject_existingKey_returns409() {
        String p = newProject();

        HttpResult r = server.post(PROJECTS, Map.of("key", p, "name", "again"));

        JsonNode problem = assertProblem(r, 409);
        assertThat(problem.get("detail").asText()).contains(p).contains("already exists");
    }

    @Test
    void createProject_invalidKey_returns422WithField() {
        HttpResult r = server.post(PROJECTS, Map.of("key", "Bad Key!", "name", "x"));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem)).containsExactly("key");
        assertThat(server.get(PROJECTS + "/Bad%20Key!").status()).isEqualTo(404);
    }

    @Test
    void createProject_missingKey_returns422() {
        HttpResult r = server.post(PROJECTS, Map.of("name", "no key"));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("key");
    }

    @Test
    void listProjects_afterCreate_containsTheProject() {
        String a = newProject();
        String b = newProject();

        HttpResult r = server.get(PROJECTS);

        assertThat(r.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().get("projects").forEach(p -> keys.add(p.get("key").asText()));
        assertThat(keys).contains(a, b);
    }

    @Test
    void getProject_unknown_returns404() {
        JsonNode problem = assertProblem(server.get(project("no-such-project")), 404);

        assertThat(problem.get("detail").asText()).contains("no-such-project");
    }

    @Test
    void addEnvironment_newKey_isListedAfterProd() {
        String p = newProject();

        HttpResult r = server.post(project(p) + "/environments", Map.of("key", "qa", "name", "QA"));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("key").asText()).isEqualTo("qa");
        assertThat(r.json().get("protected").asBoolean()).isFalse();
        HttpResult list = server.get(project(p) + "/environments");
        assertThat(envKeys(list.json().get("environments"))).containsExactly("dev", "staging", "prod", "qa");
    }

    @Test
    void addEnvironment_protectedFlag_isKept() {
        String p = newProject();

        HttpResult r = server.post(project(p) + "/environments", Map.of("key", "prod-eu", "protected", true));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("protected").asBoolean()).isTrue();
        assertThat(r.json().get("name").asText()).isEqualTo("prod-eu");
    }

    @Test
    void addEnvironment_existingKey_returns409() {
        String p = newProject();

        HttpResult r = server.post(project(p) + "/environments", Map.of("key", "staging"));

        assertThat(assertProblem(r, 409).get("detail").asText()).contains("staging");
    }

    @Test
    void addEnvironment_invalidKey_returns422() {
        String p = newProject();

        HttpResult r = server.post(project(p) + "/environments", Map.of("key", "QA_1"));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("key");
    }

    @Test
    void addEnvironment_unknownProject_returns404() {
        assertProblem(server.post(project("nope-nope") + "/environments", Map.of("key", "qa")), 404);
    }

    @Test
    void patchEnvironment_rename_changesKeyAndKeepsValues() {
        String p = newProject();
        putOverride(p, "staging", "db.url", "jdbc:staging");

        HttpResult r = server.patch(env(p, "staging"), Map.of("key", "stage", "name", "Stage"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("key").asText()).isEqualTo("stage");
        assertThat(r.json().get("name").asText()).isEqualTo("Stage");
        assertThat(effective(p, "stage").get("db.url").asText()).isEqualTo("jdbc:staging");
        assertProblem(server.get(env(p, "staging")), 404);
    }

    @Test
    void patchEnvironment_protect_setsProtected() {
        String p = newProject();

        HttpResult r = server.patch(env(p, "staging"), Map.of("protected", true));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("protected").asBoolean()).isTrue();
        assertThat(r.json().get("key").asText()).isEqualTo("staging");
        assertThat(server.get(env(p, "staging")).json().get("protected").asBoolean())
                .isTrue();
    }

    @Test
    void patchEnvironment_unprotectProd_clearsProtected() {
        String p = newProject();

        HttpResult r = server.patch(env(p, "prod"), Map.of("protected", false));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("protected").asBoolean()).isFalse();
    }

    @Test
    void patchEnvironment_renameToExistingKey_returns409AndChangesNothing() {
        String p = newProject();

        HttpResult r = server.patch(env(p, "dev"), Map.of("key", "prod"));

        assertThat(assertProblem(r, 409).get("detail").asText()).contains("prod");
        HttpResult list = server.get(project(p) + "/environments");
        assertThat(envKeys(list.json().get("environments"))).containsExactly("dev", "staging", "prod");
    }

    @Test
    void patchEnvironment_protectedNotBoolean_returns422() {
        String p = newProject();

        HttpResult r = server.patch(env(p, "dev"), Map.of("protected", "yes"));

        assertThat(errorFields(assertProblem(r, 422))).containsExactly("protected");
    }

    @Test
    void patchEnvironment_unknownEnvironment_returns404() {
        String p = newProject();

        assertProblem(server.patch(env(p, "qa"), Map.of("protected", true)), 404);
    }

    private static List<String> envKeys(JsonNode envs) {
        List<String> keys = new ArrayList<>();
        envs.forEach(e -> keys.add(e.get("key").asText()));
        return keys;
    }

    private static List<Boolean> protectedOf(JsonNode envs) {
        List<Boolean> out = new ArrayList<>();
        envs.forEach(e -> out.add(e.get("protected").asBoolean()));
        return out;
    }
}

package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** SDK evaluation reports, server-side evaluation counts, the stale listing and archiving. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class FlagUsageApiTest extends ApiTestBase {

    private String projectWithFlags() {
        String p = newProject();
        assertThat(server.put(project(p) + "/flags/used", Map.of("type", "boolean"))
                        .status())
                .isEqualTo(200);
        assertThat(server.put(project(p) + "/flags/unused", Map.of("type", "boolean"))
                        .status())
                .isEqualTo(200);
        Map<String, Object> targeting = Map.of("on", true, "defaultServe", Map.of("variant", "on"));
        assertThat(server.put(env(p, "prod") + "/flags/used", targeting).status())
                .isEqualTo(200);
        return p;
    }

    @Test
    void metrics_validReport_isCountedAndBlocksArchivingWithoutForce() {
        String p = projectWithFlags();
        String key = sdkKey(p, "prod");

        HttpResult report = server.call("POST", "/api/v1/client/metrics")
                .token(key)
                .json(Map.of("instanceId", "i-1", "flags", Map.of("used", Map.of("variants", Map.of("on", 10)))))
                .send();
        HttpResult refused = server.post(project(p) + "/flags/used/archive", Map.of());
        HttpResult forced = server.post(project(p) + "/flags/used/archive", Map.of("force", true));

        assertThat(report.status()).isEqualTo(202);
        JsonNode problem = assertProblem(refused, 409);
        assertThat(problem.get("detail").asText()).contains("last 24 hours").contains("force");
        assertThat(problem.get("recentEvaluations").asLong()).isEqualTo(10);
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.json().get("forced").asBoolean()).isTrue();
        assertThat(server.get(project(p) + "/flags/used").status()).isEqualTo(404);
    }

    @Test
    void getFlag_afterReports_showsLastEvaluationAndSevenDayCountsPerEnvironment() {
        String p = projectWithFlags();
        String key = sdkKey(p, "prod");
        Map<String, Object> report =
                Map.of("flags", Map.of("used", Map.of("variants", Map.of("on", 4, "off", 1), "unserved", 2)));
        server.call("POST", "/api/v1/client/metrics").token(key).json(report).send();
        server.call("POST", "/api/v1/client/metrics").token(key).json(report).send();

        JsonNode usage = server.get(project(p) + "/flags/used").json().get("usage");

        assertThat(usage.get("prod").get("last7Days").get("on").asLong()).isEqualTo(8);
        assertThat(usage.get("prod").get("last7Days").get("off").asLong()).isEqualTo(2);
        assertThat(usage.get("prod").get("last7Days").get("(none)").asLong()).isEqualTo(4);
        assertThat(usage.get("prod").get("lastEvaluatedAt").asText()).isNotEmpty();
        assertThat(usage.has("dev")).isFalse();
    }

    @Test
    void archive_flagNeverEvaluated_deletesItAndItsTargetingAsOneRevision() {
        String p = projectWithFlags();
        long before = server.get(project(p)).json().get("revision").asLong();

        HttpResult archived = server.post(project(p) + "/flags/unused/archive", Map.of());

        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("revision").asLong()).isEqualTo(before + 1);
        assertThat(server.get(project(p) + "/flags/unused").status()).isEqualTo(404);
    }

    @Test
    void evaluate_serverSide_countsTowardsUsage() {
        String p = projectWithFlags();

        HttpResult eval = server.post(env(p, "prod") + "/evaluate", Map.of("flag", "used", "context", Map.of()));
        HttpResult refused = server.post(project(p) + "/flags/used/archive", Map.of());

        assertThat(eval.json().get("value").asBoolean()).isTrue();
        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void metrics_invalidReport_returns422ListingEveryProblemAndCountsNothing() {
        String p = projectWithFlags();
        String key = sdkKey(p, "prod");

        HttpResult r = server.call("POST", "/api/v1/client/metrics")
                .token(key)
                .json(Map.of(
                        "flags",
                        Map.of(
                                "used", Map.of("variants", Map.of("on", -1, "off", "x")),
                                "unused", Map.of("variants", List.of()))))
                .send();

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem))
                .containsExactlyInAnyOrder(
                        "flags.used.variants.on", "flags.used.variants.off", "flags.unused.variants");
        assertThat(server.post(project(p) + "/flags/used/archive", Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    void metrics_adminToken_isRefused() {
        HttpResult r = server.post("/api/v1/client/metrics", Map.of("flags", Map.of()));

        assertProblem(r, 403);
    }

    @Test
    void staleListing_daysZero_listsTheFlagNothingEvaluated() {
        String p = projectWithFlags();
        server.post(env(p, "prod") + "/evaluate", Map.of("flag", "used", "context", Map.of()));

        HttpResult stale = server.get(project(p) + "/flags?state=stale&days=0");

        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json().get("flags")).hasSize(1);
        assertThat(stale.json().get("flags").get(0).get("key").asText()).isEqualTo("unused");
        assertThat(stale.json().get("flags").get(0).get("reason").asText()).isEqualTo("never-evaluated");
    }

    @Test
    void staleListing_freshFlags_areNotStaleAndBadParametersAre400() {
        String p = projectWithFlags();

        HttpResult stale = server.get(project(p) + "/flags?state=stale&days=1");
        HttpResult badState = server.get(project(p) + "/flags?state=old");
        HttpResult badDays = server.get(project(p) + "/flags?state=stale&days=400");

        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json().get("flags")).isEmpty();
        assertProblem(badState, 400);
        assertProblem(badDays, 400);
    }
}

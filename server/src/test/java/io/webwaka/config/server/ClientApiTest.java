package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /api/v1/client/snapshot}: the environment's snapshot with a strong ETag. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ClientApiTest extends ApiTestBase {
    private static final String SNAPSHOT = "/api/v1/client/snapshot";

    @Test
    void snapshot_withSdkKey_returnsRevisionHashAndConfigs() {
        String p = newProject();
        putDefault(p, "a", 1);
        putOverride(p, "dev", "b", "x");
        String key = sdkKey(p, "dev");

        HttpResult r = snapshot(key, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode s = r.json();
        assertThat(s.get("project").asText()).isEqualTo(p);
        assertThat(s.get("environment").asText()).isEqualTo("dev");
        assertThat(s.get("revision").asLong()).isEqualTo(2);
        assertThat(s.get("contentHash").asText()).matches("[0-9a-f]{8,}");
        assertThat(s.get("configs").toString()).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    }

    @Test
    void snapshot_etagIsStrongAndQuoted() {
        String p = newProject();
        putDefault(p, "a", 1);

        HttpResult r = snapshot(sdkKey(p, "dev"), null);

        assertThat(r.header("ETag")).hasValueSatisfying(etag -> {
            assertThat(etag).doesNotStartWith("W/");
            assertThat(etag).startsWith("\"").endsWith("\"").hasSizeGreaterThan(2);
        });
    }

    @Test
    void snapshot_emptyEnvironment_returnsEmptyConfigs() {
        String p = newProject();

        HttpResult r = snapshot(sdkKey(p, "staging"), null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("configs").isEmpty()).isTrue();
        assertThat(r.header("ETag")).isPresent();
    }

    @Test
    void snapshot_ifNoneMatchSameEtag_returns304WithoutBody() {
        String p = newProject();
        putDefault(p, "a", 1);
        String key = sdkKey(p, "dev");
        String etag = snapshot(key, null).header("ETag").orElseThrow();

        HttpResult r = snapshot(key, etag);

        assertThat(r.status()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("ETag")).contains(etag);
    }

    @Test
    void snapshot_ifNoneMatchOtherEtag_returns200() {
        String p = newProject();
        putDefault(p, "a", 1);
        String key = sdkKey(p, "dev");

        HttpResult r = snapshot(key, "\"0-0000000000000000\"");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("configs").get("a").asInt()).isEqualTo(1);
    }

    @Test
    void snapshot_changeInAnotherEnvironment_keepsEtag() {
        String p = newProject();
        putDefault(p, "a", 1);
        String key = sdkKey(p, "dev");
        String before = snapshot(key, null).header("ETag").orElseThrow();

        putOverride(p, "prod", "a", 2);
        putOverride(p, "staging", "c", true);

        assertThat(snapshot(key, null).header("ETag")).contains(before);
        assertThat(snapshot(key, before).status()).isEqualTo(304);
    }

    @Test
    void snapshot_changeInThisEnvironment_changesEtagAndContent() {
        String p = newProject();
        putDefault(p, "a", 1);
        String key = sdkKey(p, "dev");
        String before = snapshot(key, null).header("ETag").orElseThrow();

        putOverride(p, "dev", "a", 2);
        HttpResult r = snapshot(key, before);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).isPresent().isNotEqualTo(Optional.of(before));
        assertThat(r.json().get("configs").get("a").asInt()).isEqualTo(2);
    }

    @Test
    void snapshot_changeOfProjectDefault_changesEtag() {
        String p = newProject();
        putDefault(p, "a", 1);
        String key = sdkKey(p, "prod");
        String before = snapshot(key, null).header("ETag").orElseThrow();

        putDefault(p, "b", 2);

        assertThat(snapshot(key, null).header("ETag")).isPresent().isNotEqualTo(Optional.of(before));
        assertThat(snapshot(key, before).status()).isEqualTo(200);
    }

    @Test
    void snapshot_sameContentInTwoEnvironments_hasSameContentHash() {
        String p = newProject();
        putDefault(p, "a", 1);

        JsonNode dev = snapshot(sdkKey(p, "dev"), null).json();
        JsonNode prod = snapshot(sdkKey(p, "prod"), null).json();

        assertThat(dev.get("contentHash")).isEqualTo(prod.get("contentHash"));
    }

    @Test
    void snapshot_matchesAdminEffectiveView() {
        String p = newProject();
        putDefault(p, "x", Map.of("nested", List.of(1, 2)));
        putOverride(p, "prod", "y", "only prod");

        JsonNode client = snapshot(sdkKey(p, "prod"), null).json().get("configs");

        assertThat(client).isEqualTo(effective(p, "prod"));
    }

    @Test
    void snapshot_environmentAddedLater_servesTheDefaults() {
        String p = newProject();
        putDefault(p, "a", 1);
        server.post(project(p) + "/environments", Map.of("key", "qa"));

        JsonNode s = snapshot(sdkKey(p, "qa"), null).json();

        assertThat(s.get("environment").asText()).isEqualTo("qa");
        assertThat(s.get("configs").toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void snapshot_afterEnvironmentRename_sameKeyKeepsWorking() {
        String p = newProject();
        putOverride(p, "staging", "a", "s");
        String key = sdkKey(p, "staging");

        server.patch(env(p, "staging"), Map.of("key", "stage"));
        HttpResult r = snapshot(key, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("environment").asText()).isEqualTo("stage");
        assertThat(r.json().get("configs").get("a").asText()).isEqualTo("s");
    }

    private HttpResult snapshot(String key, String ifNoneMatch) {
        TestServer.Call call = server.call("GET", SNAPSHOT).token(key);
        if (ifNoneMatch != null) {
            call.header("If-None-Match", ifNoneMatch);
        }
        return call.send();
    }
}

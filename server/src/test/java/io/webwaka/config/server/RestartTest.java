package io.webwaka.config.server;

import static io.webwaka.config.server.ChangeSetsApiTest.ops;
import static io.webwaka.config.server.ChangeSetsApiTest.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A server started again on the same data (SQLite file, PostgreSQL database) has everything. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class RestartTest extends ApiTestBase {
    private static final String SNAPSHOT = "/api/v1/client/snapshot";

    @Test
    void restart_keepsProjectsConfigsHistoryAuditAndSdkKeys() {
        String p = newProject();
        server.post(project(p) + "/environments", Map.of("key", "qa"));
        server.put(project(p) + "/configs/a", Map.of("value", 1, "description", "the a"));
        putOverride(p, "prod", "a", 2);
        server.post(project(p) + "/changes", ops(set("qa", "b", true), set(null, "c", "see")));
        String key = sdkKey(p, "prod");
        HttpResult snapshotBefore = server.call("GET", SNAPSHOT).token(key).send();
        String itemBefore = server.get(project(p) + "/configs/a").body();
        String revisionsBefore = server.get(project(p) + "/revisions").body();
        String atOneBefore = server.get(env(p, "prod") + "/snapshot?revision=1").body();
        int auditBefore = auditOf(p).size();

        server.restart();

        HttpResult snapshotAfter = server.call("GET", SNAPSHOT).token(key).send();
        assertThat(snapshotAfter.status()).isEqualTo(200);
        assertThat(snapshotAfter.json()).isEqualTo(snapshotBefore.json());
        assertThat(server.get(project(p) + "/configs/a").body()).isEqualTo(itemBefore);
        assertThat(server.get(project(p) + "/revisions").body()).isEqualTo(revisionsBefore);
        assertThat(server.get(env(p, "prod") + "/snapshot?revision=1").body()).isEqualTo(atOneBefore);
        assertThat(effective(p, "qa").get("b").asBoolean()).isTrue();
        assertThat(auditOf(p)).hasSize(auditBefore);
        assertThat(head(p)).isEqualTo(3);
    }

    @Test
    void restart_snapshotEtagIsStable_evenAfterADelete() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "b", 2);
        server.delete(project(p) + "/configs/b");
        String key = sdkKey(p, "dev");
        String etag =
                server.call("GET", SNAPSHOT).token(key).send().header("ETag").orElseThrow();

        server.restart();

        HttpResult r = server.call("GET", SNAPSHOT)
                .token(key)
                .header("If-None-Match", etag)
                .send();
        assertThat(r.status())
                .as("a client's cached snapshot stays valid across a restart: %s", r)
                .isEqualTo(304);
    }

    @Test
    void restart_nextChangeGetsTheNextRevision() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "a", 2);

        server.restart();

        HttpResult r = server.put(project(p) + "/configs/a", Map.of("value", 3));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(3);
        JsonNode revisions = server.get(project(p) + "/revisions").json();
        assertThat(revisions.get("head").asLong()).isEqualTo(3);
        assertThat(revisions.get("revisions")).hasSize(3);
    }

    @Test
    void restart_withBootstrapTokenAgain_keepsOneAdminAndItsToken() {
        String p = newProject();

        server.restart();

        assertThat(server.server().generatedAdminToken()).isEmpty();
        assertThat(server.get(project(p)).status()).isEqualTo(200);
    }
}

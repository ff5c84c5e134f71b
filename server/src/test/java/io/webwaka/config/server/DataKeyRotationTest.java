package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Data key rotation: re-encrypts a project's values in batches, each a revision, resumable. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class DataKeyRotationTest extends ApiTestBase {

    @Test
    void rotate_interrupted_thenResumed_everyValueUnderTheNewKey_valuesUnchanged() throws Exception {
        String p = newProject();
        Map<String, String> values = new HashMap<>();
        List<Map<String, Object>> ops = new ArrayList<>();
        for (String e : List.of("dev", "staging")) {
            for (int i = 0; i < 25; i++) {
                String v = "v-" + e + "-" + i;
                values.put(e + "/s" + i, v);
                ops.add(Map.of("op", "set", "kind", "secret", "environment", e, "key", "s" + i, "value", v));
            }
        }
        assertThat(server.post(project(p) + "/changes", Map.of("ops", ops)).status())
                .isEqualTo(201);
        long before = head(p);
        JsonNode listed =
                server.get(env(p, "dev") + "/secrets").json().get("secrets").get(0);

        // "Interrupted": one batch of 20 only.
        HttpResult partial = server.post(project(p) + "/data-keys/rotate", Map.of("batchSize", 20, "maxBatches", 1));
        HttpResult resumed = server.post(project(p) + "/data-keys/reencrypt", Map.of("batchSize", 20));

        assertThat(partial.status()).as("%s", partial).isEqualTo(200);
        assertThat(partial.json().get("dataKey").asInt()).isEqualTo(2);
        assertThat(partial.json().get("reencrypted").asInt()).isEqualTo(20);
        assertThat(partial.json().get("complete").asBoolean()).isFalse();
        assertThat(resumed.json().get("reencrypted").asInt()).isEqualTo(30);
        assertThat(resumed.json().get("revisions").asInt()).isEqualTo(2);
        assertThat(resumed.json().get("complete").asBoolean()).isTrue();
        assertThat(head(p)).isEqualTo(before + 3);
        try (Connection c = server.jdbc();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM item_versions v JOIN projects p ON p.id = v.project_id"
                        + " WHERE p.project_key = '" + p + "' AND v.kind = 'secret' AND v.revision > " + before)) {
            int rows = 0;
            while (rs.next()) {
                assertThat(rs.getString(1)).contains("\"dataKey\":2");
                rows++;
            }
            assertThat(rows).isEqualTo(50);
        }
        for (var e : values.entrySet()) {
            String[] ek = e.getKey().split("/");
            HttpResult r = server.call("POST", env(p, ek[0]) + "/secrets/" + ek[1] + "/reveal")
                    .send();
            assertThat(r.json().get("value").asText()).isEqualTo(e.getValue());
            assertThat(r.json().get("version").asInt()).isEqualTo(1);
        }
        JsonNode after =
                server.get(env(p, "dev") + "/secrets").json().get("secrets").get(0);
        assertThat(after.get("digest")).isEqualTo(listed.get("digest"));
        // An old revision still reads: roll dev back to before the rotation.
        assertThat(server.post(env(p, "dev") + "/rollback", Map.of("toRevision", before))
                        .status())
                .isEqualTo(201);
        assertThat(server.call("POST", env(p, "dev") + "/secrets/s3/reveal")
                        .send()
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("v-dev-3");
        assertThat(audit("action=secret.reencrypt&project=" + p)).hasSize(50);
        assertProblem(server.post(project(p) + "/data-keys/reencrypt", Map.of("batchSize", 0)), 422);
    }
}

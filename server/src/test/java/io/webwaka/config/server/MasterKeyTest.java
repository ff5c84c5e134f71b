package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The master key: key check at startup, rotation while reads run, retirement, restart. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MasterKeyTest {
    @Parameter
    StoreKind kind;

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static void putSecret(TestServer s, String p, String e, String key, String value) {
        HttpResult r =
                s.put("/api/v1/projects/" + p + "/environments/" + e + "/secrets/" + key, Map.of("value", value));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    private static String reveal(TestServer s, String p, String e, String key) {
        HttpResult r = s.call("POST", "/api/v1/projects/" + p + "/environments/" + e + "/secrets/" + key + "/reveal")
                .send();
        assertThat(r.status()).as("reveal %s: %s", key, r).isEqualTo(200);
        return r.json().get("value").asText();
    }

    @Test
    void wrongOrMissingMasterKey_refusesToStart_namingTheProblem() throws Exception {
        try (TestServer s = TestServer.start(kind)) {
            s.post("/api/v1/projects", Map.of("key", "shop"));
            putSecret(s, "shop", "prod", "db.password", "hunter2-hunter2");
            s.server().close();

            assertThatThrownBy(() -> WakaServer.start(
                            s.sameStore().masterKey(randomKey()).build()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("master key")
                    .hasMessageContaining("not the one this store was created with");
            assertThatThrownBy(() -> WakaServer.start(
                            s.sameStore().masterKey("not base64!").build()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("base64");
            Files.delete(s.dataDir().resolve("master.keys"));
            assertThatThrownBy(() -> WakaServer.start(s.sameStore().build()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("master.keys")
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void rotateWhileReading_noReadFails_thenRetireAndRestart() throws Exception {
        try (TestServer s = TestServer.start(kind)) {
            Map<String, String> values = new java.util.TreeMap<>();
            for (String p : List.of("alpha", "beta")) {
                s.post("/api/v1/projects", Map.of("key", p));
                for (int i = 0; i < 5; i++) {
                    String v = "value-" + p + "-" + i;
                    putSecret(s, p, "dev", "k" + i, v);
                    values.put(p + "/k" + i, v);
                }
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    for (var e : values.entrySet()) {
                        String[] pk = e.getKey().split("/");
                        HttpResult r = s.call(
                                        "POST",
                                        "/api/v1/projects/" + pk[0] + "/environments/dev/secrets/" + pk[1] + "/reveal")
                                .send();
                        reads.incrementAndGet();
                        if (r.status() != 200
                                || !e.getValue().equals(r.json().get("value").asText())) {
                            failures.add(e.getKey() + ": " + r);
                        }
                    }
                }
            });
            reader.start();
            while (reads.get() < 20) {
                Thread.sleep(5);
            }

            HttpResult rotated = s.post("/api/v1/keys/rotate", Map.of());
            putSecret(s, "alpha", "dev", "after", "written-after-rotation");
            int before = reads.get();
            while (reads.get() < before + 20) {
                Thread.sleep(5);
            }
            stop.set(true);
            reader.join();

            assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
            assertThat(rotated.json().get("toVersion").asInt()).isEqualTo(2);
            assertThat(rotated.json().get("rewrappedDataKeys").asInt()).isEqualTo(2);
            assertThat(failures).isEmpty();
            assertThat(s.call("GET", "/metrics").token(null).send().body())
                    .contains("wakacfg_rotations_total{outcome=\"success\",target=\"master-key\"} 1.0");
            JsonNode keys = s.get("/api/v1/keys").json();
            assertThat(keys.get("currentVersion").asInt()).isEqualTo(2);
            assertThat(keys.get("versions").get(0).get("dataKeys").asInt()).isZero();
            assertThat(s.post("/api/v1/keys/2/retire", Map.of()).status()).isEqualTo(409);
            assertThat(s.post("/api/v1/keys/1/retire", Map.of()).status()).isEqualTo(200);
            assertThat(Files.readString(s.dataDir().resolve("master.keys"))).doesNotContain("\n1:");

            s.restart();
            for (var e : values.entrySet()) {
                String[] pk = e.getKey().split("/");
                assertThat(reveal(s, pk[0], "dev", pk[1])).isEqualTo(e.getValue());
            }
            assertThat(reveal(s, "alpha", "dev", "after")).isEqualTo("written-after-rotation");
        }
    }

    @Test
    void keyFromTheEnvironment_works_andRotationSaysHow() {
        String key = randomKey();
        try (TestServer s = TestServer.start(kind, b -> b.masterKey(key))) {
            s.post("/api/v1/projects", Map.of("key", "shop"));
            putSecret(s, "shop", "dev", "a", "from-env-key");
            assertThat(Files.exists(s.dataDir().resolve("master.keys"))).isFalse();

            HttpResult r = s.post("/api/v1/keys/rotate", Map.of());

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("detail").asText()).contains("WAKACFG_MASTER_KEY");
            s.restart();
            assertThat(reveal(s, "shop", "dev", "a")).isEqualTo("from-env-key");
        }
    }
}

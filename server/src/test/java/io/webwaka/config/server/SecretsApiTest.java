package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Secrets: write, list without values, reveal with audit, scoped delivery, no plaintext at rest, tamper. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SecretsApiTest extends ApiTestBase {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private String secrets(String p, String e) {
        return env(p, e) + "/secrets";
    }

    private void putSecret(String p, String e, String key, String value) {
        HttpResult r = server.put(secrets(p, e) + "/" + key, Map.of("value", value));
        assertThat(r.status()).as("PUT secret: %s", r).isEqualTo(200);
    }

    private String account(String role, String p) {
        HttpResult r = server.post(
                "/api/v1/service-accounts",
                Map.of("name", "s" + NAMES.incrementAndGet(), "roles", List.of(Map.of("role", role, "project", p))));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void writeListRevealAsOperator_viewerRefused_auditShowsWho() {
        String p = newProject();
        String value = "pg-password-" + p + "-Zq81";
        putSecret(p, "prod", "db.password", value);
        String operator = account("operator", p);
        String viewer = account("viewer", p);

        HttpResult list = server.call("GET", secrets(p, "prod")).token(viewer).send();
        HttpResult reveal = server.call("POST", secrets(p, "prod") + "/db.password/reveal")
                .token(operator)
                .header("X-Request-Id", "reveal-" + p)
                .send();
        HttpResult refused = server.call("POST", secrets(p, "prod") + "/db.password/reveal")
                .token(viewer)
                .send();

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(value);
        JsonNode item = list.json().get("secrets").get(0);
        assertThat(item.get("key").asText()).isEqualTo("db.password");
        assertThat(item.get("version").asInt()).isEqualTo(1);
        assertThat(item.get("digest").asText()).startsWith("hmac-sha256:");
        assertThat(reveal.status()).as("%s", reveal).isEqualTo(200);
        assertThat(reveal.json().get("value").asText()).isEqualTo(value);
        assertThat(reveal.header("Cache-Control")).contains("no-store");
        assertThat(assertProblem(refused, 403).get("missingPermission").asText())
                .isEqualTo("REVEAL_SECRET");
        assertThat(audit("action=secret.reveal&project=" + p)).anySatisfy(e -> {
            assertThat(e.get("requestId").asText()).isEqualTo("reveal-" + p);
            assertThat(e.get("outcome").asText()).isEqualTo("success");
            assertThat(e.get("actor").asText()).startsWith("s");
        });
        assertThat(audit("action=access.reveal_secret&project=" + p)).hasSize(1);
    }

    @Test
    void secondWrite_bumpsVersion_auditHasDigestsOnly() {
        String p = newProject();
        putSecret(p, "dev", "api.key", "first-value-" + p);
        putSecret(p, "dev", "api.key", "second-value-" + p);

        JsonNode meta = server.get(secrets(p, "dev") + "/api.key").json();
        List<JsonNode> events = audit("action=secret.set&project=" + p);

        assertThat(meta.get("version").asInt()).isEqualTo(2);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("before").asText()).startsWith("hmac-sha256:");
        assertThat(events.get(0).get("after").asText())
                .startsWith("hmac-sha256:")
                .isNotEqualTo(events.get(0).get("before").asText());
        assertThat(events.toString()).doesNotContain("first-value-" + p).doesNotContain("second-value-" + p);
    }

    @Test
    void invalidSecretWrites_are4xx_andWriteNothing() {
        String p = newProject();
        long head = head(p);

        assertThat(errorFields(assertProblem(server.put(secrets(p, "dev") + "/k", Map.of("value", 42)), 422)))
                .containsExactly("value");
        assertProblem(server.put(secrets(p, "dev") + "/k", Map.of()), 422);
        assertProblem(server.put(secrets(p, "dev") + "/k", Map.of("value", "x".repeat(70_000))), 422);
        assertProblem(server.delete(secrets(p, "dev") + "/missing"), 404);
        assertProblem(server.call("POST", secrets(p, "dev") + "/missing/reveal").send(), 404);
        HttpResult noEnv = server.post(
                project(p) + "/changes",
                Map.of("ops", List.of(Map.of("op", "set", "kind", "secret", "key", "k", "value", "v"))));
        assertThat(errorFields(assertProblem(noEnv, 422))).contains("ops[0].environment");

        assertThat(head(p)).isEqualTo(head);
    }

    @Test
    void sdkKeys_withoutScopeSeeNames_withSecretsScopeSeeValues() {
        String p = newProject();
        String value = "smtp-" + p + "-secret";
        putSecret(p, "staging", "smtp.password", value);
        String plain = sdkKey(p, "staging");
        String scoped = server.post(
                        env(p, "staging") + "/sdk-keys", Map.of("name", "with secrets", "scopes", List.of("secrets")))
                .json()
                .get("key")
                .asText();

        HttpResult names =
                server.call("GET", "/api/v1/client/snapshot").token(plain).send();
        HttpResult values =
                server.call("GET", "/api/v1/client/snapshot").token(scoped).send();
        HttpResult again = server.call("GET", "/api/v1/client/snapshot")
                .token(scoped)
                .header("If-None-Match", values.header("ETag").orElseThrow())
                .send();

        assertThat(names.body()).doesNotContain(value);
        assertThat(names.json().get("secrets").get("names").get(0).asText()).isEqualTo("smtp.password");
        assertThat(values.json()
                        .get("secrets")
                        .get("values")
                        .get("smtp.password")
                        .asText())
                .isEqualTo(value);
        assertThat(values.header("ETag")).isNotEqualTo(names.header("ETag"));
        assertThat(again.status()).isEqualTo(304);
        assertProblem(server.post(env(p, "staging") + "/sdk-keys", Map.of("scopes", List.of("everything"))), 422);
    }

    @Test
    void streams_withSecretsScopeCarryValues_othersNamesOnly() {
        String p = newProject();
        putSecret(p, "dev", "api.token", "first-" + p);
        String plain = sdkKey(p, "dev");
        String scoped = server.post(env(p, "dev") + "/sdk-keys", Map.of("scopes", List.of("secrets")))
                .json()
                .get("key")
                .asText();
        java.time.Duration wait = java.time.Duration.ofSeconds(10);
        try (SseTestClient s = SseTestClient.open(server.uri("/api/v1/client/stream"), scoped, null);
                SseTestClient n = SseTestClient.open(server.uri("/api/v1/client/stream"), plain, null)) {
            JsonNode scopedSnapshot = s.next(wait).json();
            JsonNode plainSnapshot = n.next(wait).json();
            assertThat(scopedSnapshot
                            .get("secrets")
                            .get("values")
                            .get("api.token")
                            .asText())
                    .isEqualTo("first-" + p);
            assertThat(plainSnapshot.get("secrets").has("values")).isFalse();
            assertThat(plainSnapshot.toString()).doesNotContain("first-" + p);

            putSecret(p, "dev", "api.token", "second-" + p);

            SseTestClient.Event scopedChange = s.next(wait);
            SseTestClient.Event plainChange = n.next(wait);
            assertThat(scopedChange.event()).isEqualTo("change");
            assertThat(scopedChange
                            .json()
                            .get("secrets")
                            .get("values")
                            .get("api.token")
                            .asText())
                    .isEqualTo("second-" + p);
            assertThat(plainChange.data()).doesNotContain("second-" + p);
        }
    }

    @Test
    void compare_showsSecretsByDigestNeverByValue() {
        String p = newProject();
        putSecret(p, "staging", "db.password", "staging-pw-" + p);
        putSecret(p, "prod", "db.password", "prod-pw-" + p);
        putSecret(p, "staging", "only.staging", "x-" + p);

        HttpResult r = server.get(project(p) + "/compare?from=staging&to=prod");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.body())
                .doesNotContain("staging-pw-" + p)
                .doesNotContain("prod-pw-" + p)
                .doesNotContain("x-" + p);
        assertThat(r.json().get("secrets").toString()).contains("db.password", "only.staging", "hmac-sha256:");
    }

    @Test
    void changeSetAndRollback_restoreTheOldValue() {
        String p = newProject();
        HttpResult c = server.post(
                project(p) + "/changes",
                Map.of(
                        "ops",
                        List.of(Map.of(
                                "op",
                                "set",
                                "kind",
                                "secret",
                                "environment",
                                "dev",
                                "key",
                                "token",
                                "value",
                                "v1-" + p))));
        assertThat(c.status()).as("%s", c).isEqualTo(201);
        long first = c.json().get("revision").asLong();
        putSecret(p, "dev", "token", "v2-" + p);

        HttpResult rb = server.post(env(p, "dev") + "/rollback", Map.of("toRevision", first));
        HttpResult reveal =
                server.call("POST", secrets(p, "dev") + "/token/reveal").send();
        HttpResult revision = server.get(project(p) + "/revisions/" + first);
        HttpResult diff = server.get(env(p, "dev") + "/diff?from=" + first + "&to=" + (first + 1));

        assertThat(rb.status()).as("%s", rb).isEqualTo(201);
        assertThat(reveal.json().get("value").asText()).isEqualTo("v1-" + p);
        assertThat(revision.body()).doesNotContain("v1-" + p).contains("hmac-sha256:");
        assertThat(diff.json().get("secrets").get("changed").has("token")).isTrue();
        assertThat(diff.body()).doesNotContain("v1-" + p).doesNotContain("v2-" + p);
        assertThat(audit("action=secret.rollback&project=" + p)).hasSize(1);
    }

    @Test
    void tamperedCiphertext_isNeverServed() throws Exception {
        String p = newProject();
        putSecret(p, "dev", "a", "value-a-" + p);
        putSecret(p, "dev", "b", "value-b-" + p);
        String key = server.post(env(p, "dev") + "/sdk-keys", Map.of("scopes", List.of("secrets")))
                .json()
                .get("key")
                .asText();
        long projectId;
        String rowA;
        try (Connection c = server.jdbc();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM projects WHERE project_key = '" + p + "'")) {
                rs.next();
                projectId = rs.getLong(1);
            }
            rowA = value(s, projectId, "a");
            // Flip one byte of a's ciphertext.
            JsonNode a = io.webwaka.config.server.internal.Json.parseStored(rowA);
            byte[] ct = java.util.Base64.getDecoder().decode(a.get("ciphertext").asText());
            ct[ct.length / 2] ^= 1;
            String flipped = rowA.replace(
                    a.get("ciphertext").asText(), java.util.Base64.getEncoder().encodeToString(ct));
            s.executeUpdate("UPDATE item_versions SET value = '" + flipped + "' WHERE project_id = " + projectId
                    + " AND kind = 'secret' AND item_key = 'a'");
            // Move b's sealed value under key c (same project, same environment).
            s.executeUpdate("UPDATE item_versions SET item_key = 'c' WHERE project_id = " + projectId
                    + " AND kind = 'secret' AND item_key = 'b'");
        }
        server.restart();

        HttpResult a = server.call("POST", secrets(p, "dev") + "/a/reveal").send();
        HttpResult c = server.call("POST", secrets(p, "dev") + "/c/reveal").send();
        HttpResult snapshot =
                server.call("GET", "/api/v1/client/snapshot").token(key).send();

        assertThat(a.status()).isEqualTo(500);
        assertThat(a.json().get("detail").asText())
                .contains("cannot be decrypted")
                .doesNotContain("value-a");
        assertThat(c.status()).isEqualTo(500);
        assertThat(snapshot.status()).isEqualTo(200);
        assertThat(snapshot.json().get("secrets").get("values").size()).isZero();
        assertThat(snapshot.body()).doesNotContain("value-a-" + p).doesNotContain("value-b-" + p);
        assertThat(audit("action=secret.reveal&outcome=failed&project=" + p).size())
                .isGreaterThanOrEqualTo(2);
    }

    private static String value(Statement s, long projectId, String key) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT value FROM item_versions WHERE project_id = " + projectId
                + " AND kind = 'secret' AND item_key = '" + key + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void plaintextAppearsNowhere_database_log_audit_snapshots() throws Exception {
        String p = newProject();
        String value = "Plaintext-Canary-" + p + "-9f3k";
        // As the launcher's logback.xml has it (Jetty at WARN: at DEBUG it dumps raw request bodies),
        // with the server's own code at its most verbose.
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("io.webwaka");
        Level level = root.getLevel();
        Level ourLevel = ours.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        try {
            putSecret(p, "prod", "canary", value);
            putSecret(p, "staging", "canary", value);
            server.call("POST", secrets(p, "prod") + "/canary/reveal").send();
            server.call("GET", "/api/v1/client/snapshot")
                    .token(sdkKey(p, "prod"))
                    .send();
            server.put(secrets(p, "prod") + "/canary", Map.of("value", 7));
        } finally {
            root.detachAppender(captured);
            root.setLevel(level);
            ours.setLevel(ourLevel);
        }
        for (ILoggingEvent e : captured.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(value);
        }
        assertThat(server.get("/api/v1/audit?limit=500").body()).doesNotContain(value);
        assertThat(server.get(project(p) + "/revisions/" + head(p)).body()).doesNotContain(value);
        assertThat(server.get(env(p, "prod") + "/snapshot").body()).doesNotContain(value);
        assertThat(server.get(project(p) + "/diff?from=0&to=" + head(p)).body()).doesNotContain(value);
        // Every column of every table.
        try (Connection c = server.jdbc()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equals("public")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            assertThat(tables).contains("item_versions", "audit_events", "data_keys");
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                        while (rs.next()) {
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                assertThat(String.valueOf(rs.getObject(i)))
                                        .as("%s", table)
                                        .doesNotContain(value);
                            }
                        }
                    }
                }
            }
        }
        if (kind == StoreKind.SQLITE) {
            try (Stream<Path> files = Files.walk(server.dataDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as("%s", f).doesNotContain(value);
                }
            }
        }
    }
}

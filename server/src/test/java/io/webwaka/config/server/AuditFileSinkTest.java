package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webwaka.config.server.audit.AuditFileSink;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit file sink: one JSON line per committed event, never one for a rejected change. */
class AuditFileSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void committedChange_appendsItsEventsWithSeqAndHash_rejectedChangeAppendsNothing(StoreKind kind)
            throws IOException {
        server = TestServer.start(kind);
        server.post("/api/v1/projects", Map.of("key", "shop"));
        server.put("/api/v1/projects/shop/configs/a", Map.of("value", 1));
        JsonNode event = server.get("/api/v1/audit?project=shop&key=a")
                .json()
                .get("events")
                .get(0);
        Path file = AuditFileSink.file(server.dataDir().resolve("audit"), utcDate(event));
        List<JsonNode> before = lines(file);

        HttpResult stale = server.call("PUT", "/api/v1/projects/shop/configs/a")
                .header("If-Match", "\"0\"")
                .json(Map.of("value", 2))
                .send();
        HttpResult invalid = server.put("/api/v1/projects/shop/configs/a", Map.of("nope", 3));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(invalid.status()).isIn(400, 422);
        List<JsonNode> after = lines(file);
        assertThat(after).hasSameSizeAs(before);
        JsonNode line = after.stream()
                .filter(l -> l.get("seq").asLong() == event.get("seq").asLong())
                .findFirst()
                .orElseThrow();
        assertThat(line).isEqualTo(event);
        assertThat(line.get("hash").asText()).hasSize(64);
        assertThat(after).extracting(l -> l.get("action").asText()).contains("principal.bootstrap", "project.create");
    }

    @Test
    void customDirectory_andTurnedOff() throws IOException {
        Path custom = tempDir.resolve("shipped");
        server = TestServer.start(StoreKind.SQLITE, b -> b.auditDir(custom));
        server.post("/api/v1/projects", Map.of("key", "shop"));
        assertThat(Files.list(custom))
                .singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).matches("audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl"));
        server.close();

        server = TestServer.start(StoreKind.SQLITE, b -> b.auditFileSink(false));
        server.post("/api/v1/projects", Map.of("key", "shop"));
        assertThat(server.dataDir().resolve("audit")).doesNotExist();
    }

    @Test
    void sink_rotatesByTheEventsUtcDate_andAppendsToExistingFiles() throws IOException {
        Path dir = tempDir.resolve("audit");
        try (AuditFileSink sink = new AuditFileSink(dir)) {
            sink.committed(event(1, "2025-01-31T23:59:59.999Z"));
            sink.committed(event(2, "2025-02-01T00:00:00Z"));
        }
        try (AuditFileSink sink = new AuditFileSink(dir)) {
            sink.committed(event(3, "2025-02-01T10:00:00+01:00"));
        }

        assertThat(lines(AuditFileSink.file(dir, LocalDate.parse("2025-01-31"))))
                .extracting(l -> l.get("seq").asLong())
                .containsExactly(1L);
        assertThat(lines(AuditFileSink.file(dir, LocalDate.parse("2025-02-01"))))
                .extracting(l -> l.get("seq").asLong())
                .containsExactly(2L, 3L);
    }

    @Test
    void sink_thatCannotWrite_neverThrows_andRecovers() throws IOException {
        Path blocked = Files.writeString(tempDir.resolve("not-a-dir"), "x");
        try (AuditFileSink sink = new AuditFileSink(blocked)) {
            sink.committed(event(1, "2025-01-31T00:00:00Z"));
        }
        Path dir = tempDir.resolve("later");
        try (AuditFileSink sink = new AuditFileSink(dir)) {
            sink.committed(event(2, "2025-01-31T00:00:00Z"));
        }

        assertThat(lines(AuditFileSink.file(dir, LocalDate.parse("2025-01-31"))))
                .hasSize(1);
    }

    @Test
    void lines_arePureAscii_withNonAsciiEscaped() throws IOException {
        Path dir = tempDir.resolve("audit");
        try (AuditFileSink sink = new AuditFileSink(dir)) {
            sink.committed(new AuditRecord(
                    1,
                    Instant.parse("2025-01-31T00:00:00Z"),
                    "zoë",
                    "token",
                    null,
                    null,
                    "config.set",
                    "shop",
                    null,
                    "greeting",
                    "success",
                    null,
                    "\"Ẹ kú àárọ̀\"",
                    1,
                    1,
                    "0".repeat(64),
                    "1".repeat(64)));
        }

        byte[] bytes = Files.readAllBytes(AuditFileSink.file(dir, LocalDate.parse("2025-01-31")));
        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(128);
        }
        assertThat(lines(AuditFileSink.file(dir, LocalDate.parse("2025-01-31")))
                        .get(0)
                        .get("actor")
                        .asText())
                .isEqualTo("zoë");
    }

    private static AuditRecord event(long seq, String at) {
        return new AuditRecord(
                seq,
                Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(at)),
                "alice",
                "token",
                "127.0.0.1",
                "r" + seq,
                "config.set",
                "shop",
                "prod",
                "a",
                "success",
                null,
                "1",
                seq,
                seq,
                "0".repeat(64),
                "f".repeat(64));
    }

    private static LocalDate utcDate(JsonNode event) {
        return LocalDate.ofInstant(Instant.parse(event.get("time").asText()), ZoneOffset.UTC);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}

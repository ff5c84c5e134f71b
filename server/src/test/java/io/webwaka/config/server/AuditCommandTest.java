package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webwaka.config.server.audit.AuditCommand;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code wakacfg audit verify} and {@code wakacfg audit export} against the data a stopped server
 * left: exit codes, the message naming the tampered event, the exported lines.
 */
class AuditCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer server;

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void verify_untouchedLog_exits0AndSaysIntactWithTheShutdownCheckpoint(StoreKind kind) {
        long head = stoppedServerWithEvents(kind);

        Run run = run("verify");

        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.out).contains("intact", head + " events", "last checkpoint seq " + head);
        assertThat(run.err).doesNotContain("no audit key");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void verify_afterARowIsEdited_exits1NamingThatRow(StoreKind kind) throws SQLException {
        stoppedServerWithEvents(kind);
        long id;
        try (Connection c = server.jdbc();
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT id FROM audit_events WHERE seq = 3");
            rs.next();
            id = rs.getLong(1);
            rs.close();
            s.executeUpdate("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3");
        }

        Run run = run("verify");

        assertThat(run.exit).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("TAMPERED (changed)", "event seq 3 (id " + id + ":");
    }

    @Test
    void verify_withoutTheKeyFile_checksTheChainAndSaysSo() throws IOException {
        stoppedServerWithEvents(StoreKind.SQLITE);
        Files.delete(server.dataDir().resolve(ServerOptions.AUDIT_KEY_FILE));

        Run run = run("verify");

        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.err).contains("no audit key");
        assertThat(run.out).contains("intact", "NOT checked");
    }

    @Test
    void verify_noStoreInTheDataDir_exits2WithoutCreatingOne() throws IOException {
        Path empty = Files.createTempDirectory("wakacfg-empty");
        try {
            Run run = runIn(List.of("verify", "--data-dir", empty.toString()));

            assertThat(run.exit).isEqualTo(2);
            assertThat(run.err).contains("no store at", "--data-dir");
            assertThat(empty.resolve("wakacfg.db")).doesNotExist();
        } finally {
            TestServer.deleteRecursively(empty);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void export_writesEveryEventAsAJsonLineOldestFirst(StoreKind kind) throws IOException {
        long head = stoppedServerWithEvents(kind);

        Run run = run("export");

        assertThat(run.exit).as(run.toString()).isZero();
        List<JsonNode> lines = lines(run.out);
        assertThat(lines).hasSize((int) head);
        assertThat(lines.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(lines.get(lines.size() - 1).get("seq").asLong()).isEqualTo(head);
        assertThat(lines.get(1).get("prevHash").asText())
                .isEqualTo(lines.get(0).get("hash").asText());
        assertThat(run.err).contains(head + " events");
    }

    @Test
    void export_sinceAndUntilAndOutFile() throws IOException {
        stoppedServerWithEvents(StoreKind.SQLITE);
        Path out = server.dataDir().resolve("export.jsonl");

        Run future = run("export", "--since", "2999-01-01");
        Run recent = run("export", "--since", "1h", "--until", "2999-01-01T00:00:00Z", "--out", out.toString());

        assertThat(future.exit).isZero();
        assertThat(future.out).isEmpty();
        assertThat(recent.exit).isZero();
        assertThat(recent.out).isEmpty();
        assertThat(Files.readAllLines(out))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("{\"id\":"));
    }

    @Test
    void export_badOptions_exit2WithAClearMessage() {
        stoppedServerWithEvents(StoreKind.SQLITE);

        Run format = run("export", "--format", "csv");
        Run since = run("export", "--since", "last tuesday");

        assertThat(format.exit).isEqualTo(2);
        assertThat(format.err).contains("--format csv", "jsonl");
        assertThat(since.exit).isEqualTo(2);
        assertThat(since.err).contains("--since", "last tuesday", "ISO-8601");
    }

    @Test
    void audit_withoutASubcommand_printsUsageAndExits2() {
        Run run = runIn(List.of());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("verify", "export");
    }

    /** A server with a few audit events, stopped (so it wrote its checkpoint); returns the head seq. */
    private long stoppedServerWithEvents(StoreKind kind) {
        server = TestServer.start(kind);
        server.post("/api/v1/projects", Map.of("key", "shop"));
        server.put("/api/v1/projects/shop/configs/a", Map.of("value", 1));
        server.put("/api/v1/projects/shop/configs/a", Map.of("value", 2));
        long head =
                server.get("/api/v1/audit/verify").json().get("head").get("seq").asLong();
        server.server().close();
        return head;
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(server.dataDir().toString());
        if (server.kind() == StoreKind.POSTGRESQL) {
            all.add("--db");
            all.add(server.pgSettings().jdbcUrl());
            all.add("--db-user");
            all.add(server.pgSettings().user());
        }
        return runIn(all);
    }

    private static Run runIn(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AuditCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<JsonNode> lines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private record Run(int exit, String out, String err) {}
}

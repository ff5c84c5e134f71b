package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webwaka.config.server.secrets.KeysCommand;
import io.webwaka.config.store.testing.StoreKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** {@code wakacfg keys status|rotate|retire} on the data of a stopped server, then a restart. */
class KeysCommandTest {
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
    void rotateRetireRestart_everySecretStillReads(StoreKind kind) throws Exception {
        server = TestServer.start(kind);
        server.post("/api/v1/projects", Map.of("key", "shop"));
        assertThat(server.put("/api/v1/projects/shop/environments/prod/secrets/db.password", Map.of("value", "pw-1"))
                        .status())
                .isEqualTo(200);
        server.server().close();

        Run rotate = run("rotate");
        Run status = run("status");
        Run retireCurrent = run("retire", "2");
        Run retireOld = run("retire", "1");

        assertThat(rotate.exit).as(rotate.toString()).isZero();
        assertThat(rotate.out).contains("version 2 is current", "re-wrapped 1 data keys");
        JsonNode s = JSON.readTree(status.out);
        assertThat(s.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(retireCurrent.exit).isEqualTo(1);
        assertThat(retireCurrent.err).contains("current master key");
        assertThat(retireOld.exit).as(retireOld.toString()).isZero();

        server.restart();
        HttpResult reveal = server.call("POST", "/api/v1/projects/shop/environments/prod/secrets/db.password/reveal")
                .send();
        assertThat(reveal.json().get("value").asText()).isEqualTo("pw-1");
        assertThat(server.get("/api/v1/audit?action=master-key.rotate").json().get("events"))
                .hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void missingKeyFile_exits2NamingIt(StoreKind kind) throws Exception {
        server = TestServer.start(kind);
        server.server().close();
        Files.delete(server.dataDir().resolve("master.keys"));

        Run r = run("status");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("master.keys").contains("does not exist");
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new KeysCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {}
}

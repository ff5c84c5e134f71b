package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.server.ops.BackupCommand;
import io.webwaka.config.server.settings.SettingsDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --config}: command-line flags win over {@code WAKACFG_*} variables (given to the
 * provider as a map: a test cannot set this process's variables), which win over {@code
 * wakacfg.yml}, which wins over the built-in defaults. Assumes no {@code WAKACFG_*} variable is set
 * where tests run.
 */
class ServeSettingsTest {
    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("wakacfg.yml"), yaml);
    }

    @Test
    void parse_fileGivesWhatFlagsDoNot_flagsWin() throws IOException {
        Path f = config("server:\n  port: 8000\n  host: 127.0.0.1\nstore:\n  data-dir: " + dir.resolve("d")
                + "\nbackup:\n  every-hours: 0\naudit:\n  file: false\ntls:\n  cert: /etc/c.pem\n  key: /etc/k.pem\n");
        ServeCommand serve = new ServeCommand();

        new CommandLine(serve).parseArgs("--config", f.toString(), "--port", "9", "--audit-file");

        assertThat(serve.port).isEqualTo(9);
        assertThat(serve.host).isEqualTo("127.0.0.1");
        assertThat(serve.data.dataDir).isEqualTo(dir.resolve("d"));
        assertThat(serve.backupEveryHours).isZero();
        assertThat(serve.auditFile).isTrue();
        assertThat(serve.tlsCert).isEqualTo(Path.of("/etc/c.pem"));
        assertThat(serve.backupRetentionDays).isEqualTo(90); // neither: the default
    }

    @Test
    void parse_flagOverEnvironmentOverFileOverDefault() throws IOException {
        Path f = config("server:\n  port: 8000\n  host: 127.0.0.1\n  max-body-bytes: 4096\n"
                + "secrets:\n  master-key-source: vault-transit\nvault:\n  addr: https://vault:8200\n"
                + "  transit-key: k\n  token: from-file\n");
        Map<String, String> env =
                Map.of("WAKACFG_PORT", "7000", "WAKACFG_HOST", "10.0.0.1", "WAKACFG_VAULT_TOKEN", "from-env");
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve).setDefaultValueProvider(new SettingsDefaults(env::get));

        cli.parseArgs("--config", f.toString(), "--port", "9");
        ServerOptions options = serve.data.applyTo(ServerOptions.builder()).build();

        assertThat(serve.port).isEqualTo(9); // flag
        assertThat(serve.host).isEqualTo("10.0.0.1"); // environment
        assertThat(serve.maxBodyBytes).isEqualTo(4096); // file
        assertThat(serve.minFreeDiskMb).isEqualTo(100); // default
        assertThat(options.masterKeySource()).isEqualTo("vault-transit"); // file, not an option
        assertThat(options.vault().orElseThrow().token()).isEqualTo("from-env");
    }

    @Test
    void parse_negatedFlag_winsOverTheFile() throws IOException {
        Path f = config("audit:\n  file: true\nserver:\n  secure-cookies: true\n");
        ServeCommand serve = new ServeCommand();

        new CommandLine(serve).parseArgs("--config", f.toString(), "--no-audit-file");

        assertThat(serve.auditFile).isFalse();
        assertThat(serve.secureCookies).isTrue();
    }

    @Test
    void parse_webhookSettings_fromFileAndFlag() throws IOException {
        Path f = config("webhooks:\n  send: false\n  max-attempts: 3\n  timeout: 4\n");
        ServeCommand serve = new ServeCommand();

        new CommandLine(serve).parseArgs("--config", f.toString(), "--webhook-max-delay", "60");

        assertThat(serve.webhooks).isFalse();
        assertThat(serve.webhookMaxAttempts).isEqualTo(3);
        assertThat(serve.webhookTimeoutSeconds).isEqualTo(4);
        assertThat(serve.webhookMaxDelaySeconds).isEqualTo(60);
        new CommandLine(serve).parseArgs("--config", f.toString(), "--webhooks");
        assertThat(serve.webhooks).isTrue();
    }

    @Test
    void parse_noFile_keepsTheDefaults() {
        ServeCommand serve = new ServeCommand();

        new CommandLine(serve).parseArgs();

        assertThat(serve.port).isEqualTo(8080);
        assertThat(serve.host).isEqualTo("0.0.0.0");
        assertThat(serve.data.dataDir).isEqualTo(Path.of("data"));
        assertThat(serve.auditFile).isTrue();
        assertThat(serve.tlsCert).isNull();
    }

    @Test
    void serve_typoInTheFile_exits2WithTheKeyAndNoStackTrace() throws IOException {
        Path f = config("server:\n  prot: 8000\n");

        Run r = serve("--config", f.toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err)
                .isEqualTo("wakacfg serve: " + f + " line 2: unknown setting 'server.prot'; did you mean"
                        + " 'server.port'?\n");
    }

    @Test
    void serve_tlsKeyWithoutCert_exits2() throws IOException {
        Path f = config("tls:\n  key: /etc/k.pem\n");

        Run r = serve("--config", f.toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("HTTPS needs both a certificate and a private key: give --tls-cert");
    }

    @Test
    void serve_unreadableCertificate_exits1NamingTheFile() {
        Path cert = dir.resolve("missing-cert.pem");

        Run r = serve(
                "--data-dir", dir.resolve("d").toString(), "--tls-cert", cert.toString(), "--tls-key", cert.toString());

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("wakacfg serve: cannot read the TLS certificate file " + cert);
        assertThat(r.err).doesNotContain("\tat ");
    }

    @Test
    void backup_readsTheSameFile_andRefusesATypo() throws IOException {
        Path f = config("store:\n  data-dri: x\n");
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new BackupCommand())
                .setErr(new PrintWriter(err, true))
                .execute("--config", f.toString(), "--out", dir.resolve("b").toString());

        assertThat(exit).isEqualTo(BackupCommand.USAGE);
        assertThat(err.toString()).contains("unknown setting 'store.data-dri'; did you mean 'store.data-dir'?");
    }

    private record Run(int exit, String err) {}

    private static Run serve(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new ServeCommand()).execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }
}

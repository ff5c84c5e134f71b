package io.webwaka.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import io.webwaka.config.store.StoreSettings;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code wakacfg export | diff | apply} against real servers on both stores: export, apply to an
 * empty server, export again gives the same files; a change made through the API after an export
 * is drift (exit 2) until applied.
 */
class ConfigAsCodeTest {
    private static final String ADMIN = "test-admin-token-cac";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    /** The output and exit code of one in-process run of the command line. */
    record Run(int exit, String out, String err) {}

    private static Run wakacfg(WakaServer server, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + server.port(), "--token", ADMIN));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private WakaServer start(StoreKind kind, String name) throws IOException {
        Path data = Files.createDirectories(tmp.resolve(name));
        ServerOptions.Builder b =
                ServerOptions.builder().host("127.0.0.1").port(0).dataDir(data).bootstrapAdminToken(ADMIN);
        if (kind == StoreKind.POSTGRESQL) {
            StoreSettings pg = kind.freshSettings(tmp);
            b.dbUrl(pg.jdbcUrl()).dbCredentials(pg.user(), pg.password());
        }
        return WakaServer.start(b.build());
    }

    private static void call(WakaServer server, String method, String path, String json, int expected) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .header("Authorization", "Bearer " + ADMIN)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void seed(WakaServer s) {
        String p = "/api/v1/projects/shop";
        call(s, "POST", "/api/v1/projects", "{'key':'shop','name':'Shop'}", 201);
        call(s, "POST", p + "/environments", "{'key':'qa','name':'QA'}", 201);
        call(s, "PUT", p + "/configs/db.pool", "{'value':10,'description':'pool size'}", 200);
        call(s, "PUT", p + "/configs/greeting", "{'value':'yes'}", 200);
        call(s, "PUT", p + "/configs/limits", "{'value':{'max':5,'tags':['a','b'],'ratio':0.5}}", 200);
        call(s, "PUT", p + "/environments/prod/configs/db.pool", "{'value':50}", 200);
        call(s, "PUT", p + "/environments/qa/configs/only.qa", "{'value':true}", 200);
        call(
                s,
                "POST",
                p + "/changes",
                "{'ops':[{'op':'hide','kind':'config','environment':'qa','key':'limits'}]}",
                201);
        call(s, "PUT", p + "/configs/db.pool/schema", "{'schema':{'type':'integer','maximum':100}}", 200);
        call(s, "PUT", p + "/schema", "{'schema':{'type':'object','required':['greeting']}}", 200);
        call(
                s,
                "PUT",
                p + "/segments/beta",
                "{'conditions':[{'attribute':'email','op':'endsWith','values':['@b.io']}]}",
                200);
        call(s, "PUT", p + "/flags/new-ui", "{'type':'boolean','description':'New UI'}", 200);
        call(
                s,
                "PUT",
                p + "/environments/staging/flags/new-ui",
                "{'on':true,'rules':[{'when':[{'segment':'beta'}],'serve':{'variant':'on'}}],"
                        + "'defaultServe':{'variant':'off'}}",
                200);
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void exportApplyExport_roundTrip_givesTheSameFiles_andDiffFindsDrift(StoreKind kind) throws IOException {
        try (WakaServer source = start(kind, "source");
                WakaServer target = start(kind, "target")) {
            seed(source);
            Path first = tmp.resolve("first");
            Run export = wakacfg(source, "export", "--project", "shop", "--dir", first.toString());
            assertThat(export.exit()).as("%s", export).isZero();
            Map<String, String> exported = files(first);
            assertThat(exported)
                    .containsKeys(
                            "project.yaml",
                            "flags.yaml",
                            "segments.yaml",
                            "schemas.yaml",
                            "environments/prod.yaml",
                            "environments/qa.yaml");
            assertThat(exported.get("environments/prod.yaml")).contains("db.pool: 50");
            assertThat(exported.get("environments/qa.yaml")).contains("hidden:\n- \"limits\"");
            assertThat(String.join("\n", exported.values())).doesNotContain("\"revision\"");

            Run dry = wakacfg(target, "apply", "--project", "shop", "--dir", first.toString(), "--dry-run");
            assertThat(dry.exit()).as("%s", dry).isEqualTo(2);
            Run apply = wakacfg(target, "apply", "--project", "shop", "--dir", first.toString());
            assertThat(apply.exit()).as("%s", apply).isZero();
            assertThat(apply.out()).contains("as revision 1");

            Path second = tmp.resolve("second");
            assertThat(wakacfg(target, "export", "--project", "shop", "--dir", second.toString())
                            .exit())
                    .isZero();
            assertThat(files(second)).isEqualTo(exported);
            Run clean = wakacfg(target, "diff", "--project", "shop", "--dir", first.toString());
            assertThat(clean.exit()).as("%s", clean).isZero();

            call(target, "PUT", "/api/v1/projects/shop/environments/prod/configs/db.pool", "{'value':60}", 200);
            Run drift = wakacfg(target, "diff", "--project", "shop", "--dir", first.toString());
            assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
            assertThat(drift.out())
                    .contains("~ config prod/db.pool")
                    .contains("live:  60")
                    .contains("files: 50");

            Run fix = wakacfg(target, "apply", "--project", "shop", "--dir", first.toString());
            assertThat(fix.exit()).as("%s", fix).isZero();
            assertThat(wakacfg(target, "diff", "--project", "shop", "--dir", first.toString())
                            .exit())
                    .isZero();

            // A hidden config shown again through the API is drift; apply hides it again.
            call(
                    target,
                    "POST",
                    "/api/v1/projects/shop/changes",
                    "{'ops':[{'op':'delete','kind':'config','environment':'qa','key':'limits'}]}",
                    201);
            Run shown = wakacfg(target, "diff", "--project", "shop", "--dir", first.toString());
            assertThat(shown.exit()).as("%s", shown).isEqualTo(2);
            assertThat(shown.out()).contains("+ hidden qa/limits");
            assertThat(wakacfg(target, "apply", "--project", "shop", "--dir", first.toString())
                            .exit())
                    .isZero();
            assertThat(wakacfg(target, "diff", "--project", "shop", "--dir", first.toString())
                            .exit())
                    .isZero();

            // A description taken out of the files is drift, and apply removes it live.
            Path project = first.resolve("project.yaml");
            String yaml = Files.readString(project);
            String described = "descriptions:\n  db.pool: \"pool size\"\n";
            assertThat(yaml).contains(described);
            Files.writeString(project, yaml.replace(described, ""));
            Run gone = wakacfg(target, "diff", "--project", "shop", "--dir", first.toString());
            assertThat(gone.exit()).as("%s", gone).isEqualTo(2);
            assertThat(gone.out()).contains("- description db.pool");
            assertThat(wakacfg(target, "apply", "--project", "shop", "--dir", first.toString())
                            .exit())
                    .isZero();
            assertThat(wakacfg(target, "diff", "--project", "shop", "--dir", first.toString())
                            .exit())
                    .isZero();
            Path third = tmp.resolve("third");
            assertThat(wakacfg(target, "export", "--project", "shop", "--dir", third.toString())
                            .exit())
                    .isZero();
            assertThat(files(third).get("project.yaml")).doesNotContain("pool size");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void export_writesSecretNamesNeverValues_andDiffSeesASecretGone(StoreKind kind) throws IOException {
        try (WakaServer source = start(kind, "source")) {
            seed(source);
            call(
                    source,
                    "PUT",
                    "/api/v1/projects/shop/environments/prod/secrets/db.password",
                    "{\"value\":\"Never-In-Files-42\"}",
                    200);
            Path dir = tmp.resolve("with-secrets");

            Run export = wakacfg(source, "export", "--project", "shop", "--dir", dir.toString());
            Run clean = wakacfg(source, "diff", "--project", "shop", "--dir", dir.toString());
            call(source, "DELETE", "/api/v1/projects/shop/environments/prod/secrets/db.password", "", 200);
            Run drift = wakacfg(source, "diff", "--project", "shop", "--dir", dir.toString());

            assertThat(export.exit()).as("%s", export).isZero();
            Map<String, String> exported = files(dir);
            assertThat(exported.get("environments/prod.yaml")).contains("secrets:", "db.password");
            assertThat(String.join("\n", exported.values())).doesNotContain("Never-In-Files-42");
            assertThat(clean.exit()).as("%s", clean).isZero();
            assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
            assertThat(drift.out()).contains("secret prod/db.password");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void apply_invalidFiles_failsWithTheServersErrorsAndWritesNothing(StoreKind kind) throws IOException {
        try (WakaServer server = start(kind, "one")) {
            seed(server);
            Path dir = tmp.resolve("files");
            assertThat(wakacfg(server, "export", "--project", "shop", "--dir", dir.toString(), "--env", "prod")
                            .exit())
                    .isZero();
            assertThat(Files.exists(dir.resolve("environments/dev.yaml"))).isFalse();
            Path prod = dir.resolve("environments/prod.yaml");
            Files.writeString(prod, Files.readString(prod).replace("db.pool: 50", "db.pool: 500"));
            Run apply = wakacfg(server, "apply", "--project", "shop", "--dir", dir.toString());
            assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
            assertThat(apply.err()).contains("422").contains("prod: config 'db.pool'");
            Run drift = wakacfg(server, "diff", "--project", "shop", "--dir", dir.toString());
            assertThat(drift.exit()).isEqualTo(2);
            assertThat(drift.out()).contains("config prod/db.pool").doesNotContain("config dev/");

            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(
                    "diff",
                    "--project",
                    "shop",
                    "--dir",
                    dir.toString(),
                    "--url",
                    "http://127.0.0.1:" + server.port(),
                    "--token",
                    "not-a-token");
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("401");
        }
    }
}

package io.webwaka.config.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.server.ServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code wakacfg.yml}: nested keys, typo protection, line numbers, secrets, precedence. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("wakacfg.yml");
        Files.writeString(f, yaml);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void load_nestedSections_givesEachSetting() throws IOException {
        ConfigFile f = ConfigFile.load(file("server:\n  port: 9090\n  secure-cookies: true\n"
                + "store:\n  data-dir: /var/lib/wakacfg\n  url: \"\"\nbackup:\n  retention-days: 30\n"));

        assertThat(f.value(Setting.SERVER_PORT)).contains("9090");
        assertThat(f.value(Setting.SERVER_SECURE_COOKIES)).contains("true");
        assertThat(f.value(Setting.STORE_DATA_DIR)).contains("/var/lib/wakacfg");
        assertThat(f.value(Setting.BACKUP_RETENTION_DAYS)).contains("30");
        assertThat(f.value(Setting.STORE_URL)).isEmpty(); // blank: not given
        assertThat(f.value(Setting.SERVER_HOST)).isEmpty();
        assertThat(f.warnings()).isEmpty();
    }

    @Test
    void load_emptyFile_givesNothing() throws IOException {
        assertThat(ConfigFile.load(file("# nothing yet\n")).value(Setting.SERVER_PORT))
                .isEmpty();
    }

    @Test
    void load_mistypedKey_namesLineAndNearestKey() throws IOException {
        Path f = file("server:\n  host: 127.0.0.1\n  prot: 9090\n");

        assertThatThrownBy(() -> ConfigFile.load(f))
                .isInstanceOf(ServerException.class)
                .hasMessage(f + " line 3: unknown setting 'server.prot'; did you mean 'server.port'?");
    }

    @Test
    void load_keyInTheWrongSection_suggestsTheRightOne() throws IOException {
        Path f = file("server:\n  data-dir: /srv\n");

        assertThatThrownBy(() -> ConfigFile.load(f))
                .hasMessage(f + " line 2: unknown setting 'server.data-dir'; did you mean 'store.data-dir'?");
    }

    @Test
    void load_unknownSection_isRefused() throws IOException {
        Path f = file("alerting:\n  url: http://x\n");

        assertThatThrownBy(() -> ConfigFile.load(f)).hasMessageStartingWith(f + " line 1: unknown setting 'alerting'");
    }

    @Test
    void load_malformedYaml_givesLineAndColumn() throws IOException {
        Path f = file("server:\n  port: 9090\n host: x\n");

        assertThatThrownBy(() -> ConfigFile.load(f))
                .isInstanceOf(ServerException.class)
                .hasMessageStartingWith(f + ": malformed YAML at line 3, column 2: ");
    }

    @Test
    void load_wrongShapesAndKinds_areRefusedWithTheirLine() throws IOException {
        assertThatThrownBy(() -> ConfigFile.load(file("server:\n  port: [1, 2]\n")))
                .hasMessageEndingWith("line 2: 'server.port' takes a single value, not a list");
        assertThatThrownBy(() -> ConfigFile.load(file("server: 8080\n")))
                .hasMessageContaining("line 1: unknown setting 'server'");
        assertThatThrownBy(() -> ConfigFile.load(file("server:\n  port:\n    number: 1\n")))
                .hasMessageEndingWith("line 2: 'server.port' takes a single value, not a section");
        assertThatThrownBy(() -> ConfigFile.load(file("server:\n  port: eighty\n")))
                .hasMessageEndingWith("line 2: 'server.port' must be a whole number, was 'eighty'");
        assertThatThrownBy(() -> ConfigFile.load(file("audit:\n  file: maybe\n")))
                .hasMessageEndingWith("line 2: 'audit.file' must be true or false, was 'maybe'");
        assertThatThrownBy(() -> ConfigFile.load(file("server:\n  port: 1\nserver:\n  port: 2\n")))
                .hasMessageEndingWith("line 4: 'server.port' is given twice");
    }

    @Test
    void load_secretsInAGroupReadableFile_warns() throws IOException {
        Path f = file("store:\n  password: hunter2\nvault:\n  token: s.abc\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

        ConfigFile loaded = ConfigFile.load(f);

        assertThat(loaded.value(Setting.STORE_PASSWORD)).contains("hunter2");
        assertThat(loaded.warnings())
                .singleElement()
                .asString()
                .contains(f.toString(), "store.password, vault.token", "chmod 600")
                .doesNotContain("hunter2");
    }

    @Test
    void load_secretsInAPrivateFile_doesNotWarn() throws IOException {
        assertThat(ConfigFile.load(file("store:\n  password: hunter2\n")).warnings())
                .isEmpty();
    }

    @Test
    void get_environmentWinsOverFile_blankEnvironmentDoesNot() throws IOException {
        ConfigFile f = ConfigFile.load(file("server:\n  port: 9090\n  host: 127.0.0.1\n"));
        Settings s = new Settings(Map.of("WAKACFG_PORT", "7070", "WAKACFG_HOST", " ")::get, f);

        assertThat(s.get(Setting.SERVER_PORT)).contains("7070");
        assertThat(s.get(Setting.SERVER_HOST)).contains("127.0.0.1");
        assertThat(s.get(Setting.BACKUP_DIR)).isEmpty();
        assertThat(s.byEnvName("WAKACFG_HOST")).isEqualTo("127.0.0.1");
    }

    @Test
    void get_environmentOfTheWrongKind_namesTheVariable() {
        Settings s = new Settings(Map.of("WAKACFG_PORT", "http")::get, ConfigFile.NONE);

        assertThatThrownBy(() -> s.get(Setting.SERVER_PORT))
                .isInstanceOf(ServerException.class)
                .hasMessage("WAKACFG_PORT must be a whole number, was 'http'");
    }

    @Test
    void locate_prefersOptionThenEnvironmentThenWorkingDirectory() throws IOException {
        Path implicit = file("server:\n  port: 1\n");
        Path named = Files.writeString(dir.resolve("named.yml"), "server:\n  port: 2\n");
        Path fromEnv = Files.writeString(dir.resolve("env.yml"), "server:\n  port: 3\n");
        Map<String, String> env = Map.of(Settings.CONFIG_ENV, fromEnv.toString());

        assertThat(Settings.locate(named.toString(), env::get, dir).get(Setting.SERVER_PORT))
                .contains("2");
        assertThat(Settings.locate(null, env::get, dir).get(Setting.SERVER_PORT))
                .contains("3");
        assertThat(Settings.locate(null, Map.<String, String>of()::get, dir).get(Setting.SERVER_PORT))
                .contains("1");
        assertThat(Settings.locate(null, Map.<String, String>of()::get, dir.resolve("elsewhere"))
                        .file())
                .isSameAs(ConfigFile.NONE);
        assertThat(implicit).exists();
    }

    @Test
    void locate_namedFileMissing_isAnError() {
        assertThatThrownBy(() -> Settings.locate("/nonexistent/wakacfg.yml", Map.<String, String>of()::get, dir))
                .hasMessageContaining("/nonexistent/wakacfg.yml does not exist (named by --config)");
    }
}

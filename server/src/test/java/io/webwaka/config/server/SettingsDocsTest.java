package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.server.audit.AuditCommand;
import io.webwaka.config.server.ops.BackupCommand;
import io.webwaka.config.server.ops.RestoreCommand;
import io.webwaka.config.server.secrets.KeysCommand;
import io.webwaka.config.server.settings.ConfigFile;
import io.webwaka.config.server.settings.Setting;
import io.webwaka.config.server.settings.SettingsDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps the one settings table ({@link Setting}) complete: every option of the store commands, every
 * {@code WAKACFG_*} variable the code reads, the README's settings reference and
 * {@code deploy/wakacfg.yml.example} must all agree with it.
 */
class SettingsDocsTest {
    /** Variables that are not settings of the store commands, and why. */
    private static final Set<String> NOT_SETTINGS = Set.of(
            "WAKACFG_CONFIG" // names the settings file itself
            );

    private static final Set<String> NOT_SETTING_OPTIONS = Set.of("--help", "--version", "--config");

    private static final Path ROOT = Path.of("..");

    @TempDir
    Path dir;

    @Test
    void everyServeOption_hasASetting_withTheSameDefault() {
        for (OptionSpec o : new CommandLine(new ServeCommand()).getCommandSpec().options()) {
            if (NOT_SETTING_OPTIONS.contains(o.longestName())) {
                continue;
            }
            Setting s = Setting.byOption(o.longestName()).orElse(null);
            assertThat(s)
                    .as("serve option %s has no row in Setting", o.longestName())
                    .isNotNull();
            assertThat(o.defaultValue() == null ? "" : o.defaultValue())
                    .as("default of %s", o.longestName())
                    .isEqualTo(s.defaultValue());
        }
    }

    @Test
    void everyCommandThatOpensTheStore_readsTheSettings() {
        List<CommandSpec> withStore = new ArrayList<>();
        for (Object c : List.of(
                new ServeCommand(), new BackupCommand(), new RestoreCommand(), new AuditCommand(), new KeysCommand())) {
            collect(new CommandLine(c).getCommandSpec(), withStore);
        }

        assertThat(withStore).hasSizeGreaterThanOrEqualTo(8);
        for (CommandSpec spec : withStore) {
            assertThat(spec.defaultValueProvider())
                    .as("%s declares defaultValueProvider = SettingsDefaults.class", spec.qualifiedName())
                    .isInstanceOf(SettingsDefaults.class);
            for (OptionSpec o : spec.options()) {
                if (Setting.byOption(o.longestName()).isEmpty()
                        && o.longestName().startsWith("--db")) {
                    throw new AssertionError(spec.qualifiedName() + " " + o.longestName() + " has no Setting");
                }
            }
        }
    }

    private static void collect(CommandSpec spec, List<CommandSpec> out) {
        if (spec.findOption("--data-dir") != null) {
            out.add(spec);
        }
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), out));
    }

    @Test
    void everyWakacfgVariableInTheCode_isASetting() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile("WAKACFG_[A-Z0-9_]*[A-Z0-9]");
        for (Path src : List.of(ROOT.resolve("server/src/main/java"), ROOT.resolve("app/src/main/java"))) {
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    Matcher m = p.matcher(Files.readString(f));
                    while (m.find()) {
                        names.add(m.group());
                    }
                }
            }
        }

        assertThat(names).contains("WAKACFG_MASTER_KEY", "WAKACFG_VAULT_TOKEN"); // the scan works
        for (String name : names) {
            if (!NOT_SETTINGS.contains(name)) {
                assertThat(Setting.byEnv(name))
                        .as("%s is read by the code but has no row in Setting", name)
                        .isPresent();
            }
        }
    }

    @Test
    void readmeSettingsReference_hasARowPerSetting() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Setting s : Setting.values()) {
            String row =
                    "| `" + s.key() + "` | " + s.env().map(e -> "`" + e + "`").orElse("—") + " | "
                            + s.option().map(o -> "`" + o + "`").orElse("—") + " |";
            assertThat(readme)
                    .as("README settings reference row for %s", s.key())
                    .contains(row);
        }
    }

    @Test
    void exampleFile_isValid_andListsEverySetting() throws IOException {
        Path example = ROOT.resolve("deploy/wakacfg.yml.example");
        // "# key: value" lines are settings left at their default: uncomment them to check them too.
        Pattern commented = Pattern.compile("^(\\s*)# ?([a-z][a-z0-9-]*:(\\s.*)?)$");
        String all = Files.readAllLines(example).stream()
                .map(l -> {
                    Matcher m = commented.matcher(l);
                    return m.matches() ? m.group(1) + m.group(2) : l;
                })
                .collect(Collectors.joining("\n"));
        Path uncommented = Files.writeString(dir.resolve("all.yml"), all);

        ConfigFile active = ConfigFile.load(example);
        ConfigFile everything = ConfigFile.load(uncommented);

        assertThat(active.warnings()).isEmpty();
        assertThat(everything.given())
                .as("keys missing from deploy/wakacfg.yml.example")
                .containsExactlyInAnyOrder(Setting.values());
        assertThat(Arrays.stream(Setting.values()).filter(s -> s.kind() == Setting.Kind.SECRET))
                .allSatisfy(s -> assertThat(active.value(s))
                        .as("a secret in the example")
                        .isEmpty());
    }
}

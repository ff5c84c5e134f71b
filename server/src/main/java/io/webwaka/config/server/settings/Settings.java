package io.webwaka.config.server.settings;

import io.webwaka.config.server.ServerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves settings that the command line did not give: the {@code WAKACFG_*} environment variable
 * if set (and not blank), else {@code wakacfg.yml}, else nothing (the built-in default applies).
 * Command-line options win over both because picocli only asks for a default when an option was
 * not given. Immutable and thread-safe.
 */
public final class Settings {
    /** The environment variable naming the settings file. */
    public static final String CONFIG_ENV = "WAKACFG_CONFIG";

    /** The file read from the working directory when neither {@code --config} nor the variable names one. */
    public static final String DEFAULT_FILE = "wakacfg.yml";

    private final Function<String, String> env;
    private final ConfigFile file;

    /**
     * Settings over an environment and a file.
     *
     * @param env maps a variable's name to its value, or null when unset ({@code System::getenv})
     */
    public Settings(Function<String, String> env, ConfigFile file) {
        this.env = Objects.requireNonNull(env, "env");
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Finds and loads the settings file: {@code configOption} ({@code --config}) if given, else
     * {@code WAKACFG_CONFIG}, else {@code wakacfg.yml} in {@code workingDir} if it exists, else none.
     *
     * @param configOption the {@code --config} value, or null
     * @throws ServerException if a named file is missing or the file has a problem
     */
    public static Settings locate(String configOption, Function<String, String> env, Path workingDir) {
        String named = blank(configOption) ? env.apply(CONFIG_ENV) : configOption;
        if (!blank(named)) {
            Path p = Path.of(named.trim());
            if (!Files.isRegularFile(p)) {
                throw new ServerException(
                        "the settings file " + p.toAbsolutePath() + " does not exist (named by "
                                + (blank(configOption) ? CONFIG_ENV : "--config") + ")",
                        null);
            }
            return new Settings(env, ConfigFile.load(p));
        }
        Path implicit = workingDir.resolve(DEFAULT_FILE);
        return new Settings(env, Files.isRegularFile(implicit) ? ConfigFile.load(implicit) : ConfigFile.NONE);
    }

    /**
     * The setting's value from the environment, else from the file; empty: use the default.
     *
     * @throws ServerException if the environment variable holds a value of the wrong kind
     */
    public Optional<String> get(Setting s) {
        String fromEnv = s.env().map(env).orElse(null);
        if (!blank(fromEnv)) {
            String bad = checkKind(s, fromEnv.trim());
            if (bad != null) {
                throw new ServerException(s.env().orElseThrow() + " " + bad, null);
            }
            return Optional.of(fromEnv.trim());
        }
        return file.value(s);
    }

    /**
     * Like {@link #get} for the setting read from environment variable {@code name}; null if neither
     * gives one. For code that takes settings by their variable names ({@code VaultSettings}).
     */
    public String byEnvName(String name) {
        return Setting.byEnv(name).flatMap(this::get).orElse(null);
    }

    /** The file these settings came from ({@link ConfigFile#NONE} if none). */
    public ConfigFile file() {
        return file;
    }

    /** Null if {@code text} suits the setting, else what is wrong ("must be …, was …"). */
    static String checkKind(Setting s, String text) {
        switch (s.kind()) {
            case NUMBER:
                try {
                    Long.parseLong(text);
                    return null;
                } catch (NumberFormatException e) {
                    return "must be a whole number, was '" + text + "'";
                }
            case BOOLEAN:
                String t = text.toLowerCase(Locale.ROOT);
                return t.equals("true") || t.equals("false") ? null : "must be true or false, was '" + text + "'";
            default:
                return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

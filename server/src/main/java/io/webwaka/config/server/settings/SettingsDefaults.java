package io.webwaka.config.server.settings;

import io.webwaka.config.server.ServerException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli default provider of every command that opens the store: an option not given on the
 * command line takes its {@code WAKACFG_*} variable, else its {@code wakacfg.yml} value, else the
 * annotation's {@code defaultValue}. Picocli 4.7 applies defaults after parsing and only to options
 * that were not matched, and a non-null answer here wins over the annotation, so the provider can
 * read the parsed {@code --config}. A problem with the file is kept, not thrown (picocli would bury it
 * in a usage message); {@link #settings()} throws it when the command runs. One instance per command
 * spec; not thread-safe (picocli parses on one thread).
 */
public final class SettingsDefaults implements IDefaultValueProvider {
    /** The option naming the settings file. */
    public static final String CONFIG_OPTION = "--config";

    private final Function<String, String> env;
    private Settings settings;
    private ServerException problem;
    private boolean loaded;

    /** Reads the process environment; picocli calls this constructor. */
    public SettingsDefaults() {
        this(System::getenv);
    }

    /** Reads the given environment (tests). */
    public SettingsDefaults(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec)) {
            return null;
        }
        Optional<Setting> setting = Arrays.stream(((OptionSpec) arg).names())
                .map(Setting::byOption)
                .flatMap(Optional::stream)
                .findFirst();
        if (setting.isEmpty() || load(arg.command()) == null) {
            return null;
        }
        try {
            return settings.get(setting.get()).orElse(null);
        } catch (ServerException e) {
            problem = problem == null ? e : problem;
            return null;
        }
    }

    /**
     * The settings of this run.
     *
     * @throws ServerException the first problem met while reading the file or the environment
     */
    public Settings settings(CommandSpec command) {
        load(command);
        if (problem != null) {
            throw problem;
        }
        return settings;
    }

    private Settings load(CommandSpec command) {
        if (!loaded) {
            loaded = true;
            OptionSpec config = command.findOption(CONFIG_OPTION);
            String named = config == null ? null : config.getValue();
            try {
                settings = Settings.locate(named, env, Path.of(""));
            } catch (ServerException e) {
                problem = e;
            }
        }
        return settings;
    }
}

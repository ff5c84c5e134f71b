package io.webwaka.config.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the {@code wakacfg} command line. Commands that need the server ({@code serve}) are
 * added by the application that assembles the fat jar, so this module never depends on the server.
 */
@Command(
        name = "wakacfg",
        mixinStandardHelpOptions = true,
        versionProvider = WakaCfg.Version.class,
        description = "WebWaka Config: runtime configuration, feature flags and secrets.",
        subcommands = {
            CommandLine.HelpCommand.class,
            CodeCommands.Export.class,
            CodeCommands.Diff.class,
            CodeCommands.Apply.class
        })
public final class WakaCfg implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WakaCfg.class.getPackage().getImplementationVersion();
            return new String[] {"wakacfg " + (v == null ? "dev" : v)};
        }
    }
}

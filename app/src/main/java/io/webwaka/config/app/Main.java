package io.webwaka.config.app;

import io.webwaka.config.cli.WakaCfg;
import io.webwaka.config.server.ServeCommand;
import io.webwaka.config.server.audit.AuditCommand;
import io.webwaka.config.server.ops.BackupCommand;
import io.webwaka.config.server.ops.RestoreCommand;
import io.webwaka.config.server.secrets.KeysCommand;
import picocli.CommandLine;

/** The entry point of the fat jar: the {@code wakacfg} CLI with the server's commands added. */
public final class Main {
    private Main() {}

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The assembled command line. */
    public static CommandLine commandLine() {
        return new CommandLine(new WakaCfg())
                .addSubcommand("serve", new ServeCommand())
                .addSubcommand("audit", new AuditCommand())
                .addSubcommand("keys", new KeysCommand())
                .addSubcommand("backup", new BackupCommand())
                .addSubcommand("restore", new RestoreCommand());
    }
}

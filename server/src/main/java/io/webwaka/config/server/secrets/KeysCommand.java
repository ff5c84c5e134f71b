package io.webwaka.config.server.secrets;

import io.webwaka.config.server.DataOptions;
import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.audit.AuditCommand;
import io.webwaka.config.server.audit.AuditKeys;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.settings.SettingsDefaults;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wakacfg keys status|rotate|retire}: master key administration on the store directly (same
 * {@code --data-dir} / {@code --db} as {@code serve}; a running server may keep serving — it picks
 * up a new version from the key file when it next needs one). Exit codes: 0 done, 1 refused (the
 * message says why), 2 bad options or the store or key cannot be opened.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Show, rotate or retire the master key that wraps the secrets' data keys.",
        subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class, KeysCommand.Retire.class})
public final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Opens the store and the master key, checked against the store; runs {@code action}. */
    static int run(DataOptions data, CommandSpec spec, String name, KeyAction action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerOptions options;
        ConfigStore store;
        try {
            options = data.applyTo(ServerOptions.builder()).build();
            store = AuditCommand.openExisting(options, Optional.of(AuditKeys.forServer(options)));
        } catch (IllegalArgumentException | ServerException | StoreException e) {
            err.println("wakacfg keys " + name + ": " + e.getMessage());
            return 2;
        }
        try (store) {
            SecretBox box;
            try {
                MasterKey key = MasterKeys.open(options, store.masterKeys().isEmpty());
                box = new SecretBox(store, key, options.clock());
                box.checkMasterKey(() -> AuditLog.system("master-key.add", "version added by wakacfg keys"));
            } catch (SecretException e) {
                err.println("wakacfg keys " + name + ": the master key is not usable: " + e.getMessage());
                return 2;
            }
            try {
                action.run(box, store, out, err);
                out.flush();
                return 0;
            } catch (SecretException e) {
                err.println("wakacfg keys " + name + ": " + e.getMessage());
                return 1;
            }
        } catch (StoreException e) {
            err.println("wakacfg keys " + name + ": " + e.getMessage());
            return 2;
        }
    }

    /** What a subcommand does with the opened box. */
    interface KeyAction {
        void run(SecretBox box, ConfigStore store, PrintWriter out, PrintWriter err);
    }

    /** {@code wakacfg keys status}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            defaultValueProvider = SettingsDefaults.class,
            description = "Master key versions (JSON).")
    static final class Status implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run(
                    data,
                    spec,
                    "status",
                    (box, store, out, err) -> out.println(Json.write(KeysApi.status(box, store))));
        }
    }

    /** {@code wakacfg keys rotate}. */
    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            defaultValueProvider = SettingsDefaults.class,
            description = "Add a master key version and re-wrap every data key with it (values stay as they are).")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run(data, spec, "rotate", (box, store, out, err) -> {
                err.println("adding a master key version and re-wrapping the data keys …");
                err.flush();
                SecretBox.RotationResult r =
                        box.rotateMasterKey(() -> AuditLog.system("master-key.rotate", "rotated by wakacfg keys"));
                out.println("master key version " + r.toVersion() + " is current; re-wrapped " + r.rewrapped()
                        + " data keys from version " + r.fromVersion() + ". Keep a copy of the key file off this"
                        + " machine; retire version " + r.fromVersion() + " with 'wakacfg keys retire "
                        + r.fromVersion() + "'.");
            });
        }
    }

    /** {@code wakacfg keys retire VERSION}. */
    @Command(
            name = "retire",
            mixinStandardHelpOptions = true,
            defaultValueProvider = SettingsDefaults.class,
            description = "Retire a master key version no data key uses any more (removes it from the key file).")
    static final class Retire implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The version to retire.")
        int version;

        @Override
        public Integer call() {
            return run(data, spec, "retire", (box, store, out, err) -> {
                box.retireMasterKey(version, AuditLog.system("master-key.retire", "version " + version));
                out.println("master key version " + version + " is retired");
            });
        }
    }
}

package io.webwaka.config.server.audit;

import io.webwaka.config.server.DataOptions;
import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.settings.SettingsDefaults;
import io.webwaka.config.store.AuditChainSettings;
import io.webwaka.config.store.AuditKey;
import io.webwaka.config.store.AuditQuery;
import io.webwaka.config.store.AuditVerification;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreException;
import io.webwaka.config.store.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wakacfg audit verify} and {@code wakacfg audit export}: open the store directly (same
 * {@code --data-dir} / {@code --db} options as {@code serve}; a running server may keep running) and
 * walk or dump the audit log. Exit codes: 0 done (verify: intact), 1 verify found tampering (export:
 * the output could not be written), 2 usage error or the store cannot be opened.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify or export the tamper-evident audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
public final class AuditCommand implements Callable<Integer> {
    /** Exit code: verify found the log tampered with; export could not write its output. */
    public static final int FAILED = 1;

    /** Exit code: bad options, or the store cannot be opened. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** {@code wakacfg audit verify}. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            defaultValueProvider = SettingsDefaults.class,
            description = {
                "Walk the audit hash chain from the first event and check every link, hash and signed checkpoint.",
                "Exit 0: intact. 1: tampered (the first changed, removed or inserted event is named)."
                        + " 2: bad options, or the store cannot be opened."
            })
    static final class Verify implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ServerOptions options;
            Optional<AuditKey> key;
            ConfigStore store;
            try {
                options = data.applyTo(ServerOptions.builder()).build();
                key = AuditKeys.find(options);
                store = openExisting(options, key);
            } catch (ServerException | StoreException e) {
                err.println("wakacfg audit verify: " + e.getMessage());
                return USAGE;
            }
            try (store) {
                if (key.isEmpty()) {
                    err.println("wakacfg audit verify: no audit key (WAKACFG_AUDIT_KEY, or "
                            + options.auditKeyFile().toAbsolutePath()
                            + "): checking the chain, not the checkpoint signatures");
                }
                AuditVerification v = store.verifyAudit(n -> {
                    err.println("verified " + n + " events …");
                    err.flush();
                });
                out.println(v.summary());
                out.flush();
                return v.intact() ? 0 : FAILED;
            } catch (StoreException e) {
                err.println("wakacfg audit verify: " + e.getMessage());
                return USAGE;
            }
        }
    }

    /** {@code wakacfg audit export}. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            defaultValueProvider = SettingsDefaults.class,
            description = {
                "Write audit events as JSON lines, oldest first, with seq and hash (the file sink's format).",
                "Exit 0: written. 1: the output could not be written. 2: bad options, or the store cannot be opened."
            })
    static final class Export implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Option(names = "--since", description = "Only events at or after this time: " + AuditTimes.FORMS + ".")
        String since;

        @Option(names = "--until", description = "Only events before this time (same forms as --since).")
        String until;

        @Option(
                names = "--format",
                defaultValue = "jsonl",
                description = "Output format; jsonl (one JSON object per line) is the only one.")
        String format;

        @Option(
                names = {"--out", "-o"},
                description = "Write to this file (replaced) instead of standard output.")
        Path outFile;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Instant from;
            Instant to;
            ConfigStore store;
            try {
                if (!"jsonl".equals(format)) {
                    throw new IllegalArgumentException(
                            "--format " + format + " is not supported; the only format is jsonl (JSON lines)");
                }
                from = bound("--since", since, AuditQuery.NO_SINCE);
                to = bound("--until", until, AuditQuery.NO_UNTIL);
                store = openExisting(data.applyTo(ServerOptions.builder()).build(), Optional.empty());
            } catch (IllegalArgumentException | ServerException | StoreException e) {
                err.println("wakacfg audit export: " + e.getMessage());
                return USAGE;
            }
            try (store) {
                long written = outFile == null
                        ? write(store, from, to, spec.commandLine().getOut())
                        : writeFile(store, from, to);
                err.println("wakacfg audit export: " + written + " events");
                return 0;
            } catch (IOException | UncheckedIOException e) {
                err.println("wakacfg audit export: cannot write " + (outFile == null ? "the output" : outFile) + ": "
                        + e.getMessage());
                return FAILED;
            } catch (StoreException e) {
                err.println("wakacfg audit export: " + e.getMessage());
                return USAGE;
            }
        }

        private long writeFile(ConfigStore store, Instant from, Instant to) throws IOException {
            try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.US_ASCII)) {
                return write(store, from, to, w);
            }
        }

        private static long write(ConfigStore store, Instant from, Instant to, Writer w) throws IOException {
            AtomicLong n = new AtomicLong();
            store.exportAudit(from, to, e -> {
                try {
                    w.write(AuditJson.line(e));
                    n.incrementAndGet();
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            w.flush();
            return n.get();
        }

        private static Instant bound(String option, String value, Instant fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return AuditTimes.parse(value, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " " + e.getMessage(), e);
            }
        }
    }

    /**
     * Opens the store the options describe, without creating one: a SQLite file must exist already.
     *
     * @throws ServerException if there is no store there
     */
    /** Opens the store of {@code options}, refusing to create an empty SQLite store where none is. */
    public static ConfigStore openExisting(ServerOptions options, Optional<AuditKey> key) {
        StoreSettings settings = options.storeSettings();
        if (settings.isSqlite()) {
            Path file = Path.of(settings.jdbcUrl().substring("jdbc:sqlite:".length()));
            if (!Files.isRegularFile(file)) {
                throw new ServerException(
                        "no store at " + file + "; give the server's --data-dir (or --db for PostgreSQL)", null);
            }
        }
        return ConfigStore.open(
                settings, key.map(AuditChainSettings::signedWith).orElseGet(AuditChainSettings::unsigned));
    }
}

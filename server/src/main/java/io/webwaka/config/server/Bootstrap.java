package io.webwaka.config.server;

import io.webwaka.config.server.access.Tokens;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * Creates the first admin on an empty store: with {@code WAKACFG_BOOTSTRAP_ADMIN_TOKEN} as its
 * token if given, else a generated token written to {@code DATA_DIR/initial-admin-token} (mode
 * 0600).
 */
final class Bootstrap {
    static final String TOKEN_FILE = "initial-admin-token";
    static final int MIN_TOKEN_LENGTH = 16;

    record Outcome(Optional<String> generatedToken, String message) {}

    private Bootstrap() {}

    static Outcome run(ConfigStore store, ServerOptions options) {
        if (!store.hasNoPrincipals()) {
            return new Outcome(Optional.empty(), "");
        }
        Optional<String> given = options.bootstrapAdminToken();
        if (given.isPresent() && given.get().length() < MIN_TOKEN_LENGTH) {
            throw new ServerException(
                    "WAKACFG_BOOTSTRAP_ADMIN_TOKEN is shorter than " + MIN_TOKEN_LENGTH
                            + " characters; use a long random string",
                    null);
        }
        String token = given.orElseGet(() -> Tokens.generate(Tokens.ADMIN_PREFIX));
        AuditRecord audit = new AuditRecord(
                0,
                Instant.now(),
                "system",
                "bootstrap",
                null,
                null,
                "principal.bootstrap",
                null,
                null,
                null,
                "success",
                null,
                "admin",
                0);
        if (!store.bootstrapAdmin("admin", Tokens.hash(token), audit)) {
            return new Outcome(Optional.empty(), "");
        }
        if (given.isPresent()) {
            return new Outcome(
                    Optional.empty(),
                    "created the first admin 'admin' with the token from"
                            + " WAKACFG_BOOTSTRAP_ADMIN_TOKEN (or server.bootstrap-admin-token)");
        }
        Path file = writeTokenFile(options.dataDir(), token);
        return new Outcome(
                Optional.of(token),
                "created the first admin 'admin'; its API token is in " + file.toAbsolutePath()
                        + " (readable by you only). Use it as 'Authorization: Bearer <token>', then delete the file.");
    }

    private static Path writeTokenFile(Path dataDir, String token) {
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + System.lineSeparator(), StandardOpenOption.WRITE);
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ServerException(
                    "cannot write the initial admin token to " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}

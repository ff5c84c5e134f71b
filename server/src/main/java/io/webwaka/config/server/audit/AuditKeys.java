package io.webwaka.config.server.audit;

import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.store.AuditKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the audit HMAC key, which is never stored in the database: {@code WAKACFG_AUDIT_KEY} (256
 * bits in base64; give every node of a PostgreSQL deployment the same one), else the key file
 * ({@code DATA_DIR/audit-hmac.key} or {@code --audit-key-file}), which a server creates on its first
 * start (256 bits from {@link SecureRandom}, base64, mode 0600). Stateless; thread-safe.
 */
public final class AuditKeys {
    private static final Logger LOG = LoggerFactory.getLogger(AuditKeys.class);
    private static final String HOW_TO_MAKE = "make one with: openssl rand -base64 32";

    private AuditKeys() {}

    /**
     * The key a server signs with: the given key, else the key file, created if it does not exist.
     *
     * @throws ServerException if the key is malformed or the file cannot be read or created
     */
    public static AuditKey forServer(ServerOptions options) {
        Optional<AuditKey> found = find(options);
        if (found.isPresent()) {
            return found.get();
        }
        Optional<AuditKey> created = create(options.auditKeyFile());
        if (created.isPresent()) {
            return created.get();
        }
        // Another process created the file between our look and our create: use its key.
        return find(options)
                .orElseThrow(() -> new ServerException(
                        "the audit key file " + options.auditKeyFile().toAbsolutePath() + " vanished; start again",
                        null));
    }

    /**
     * The key for tools that only read ({@code audit verify}): the given key, else the key file if it
     * exists; empty when there is neither (nothing is created).
     *
     * @throws ServerException if a key is there but malformed or unreadable
     */
    public static Optional<AuditKey> find(ServerOptions options) {
        if (options.auditKey().isPresent()) {
            return Optional.of(decode(options.auditKey().get(), "WAKACFG_AUDIT_KEY"));
        }
        Path file = options.auditKeyFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return Optional.of(decode(text, "the audit key file " + file.toAbsolutePath()));
        } catch (IOException e) {
            throw new ServerException(
                    "cannot read the audit key file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Creates the key file; empty if another process created it first. */
    private static Optional<AuditKey> create(Path file) {
        byte[] key = new byte[AuditKey.LENGTH];
        new SecureRandom().nextBytes(key);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw cannotCreate(file, e);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            throw cannotCreate(file, e);
        }
        try {
            Files.writeString(
                    file,
                    Base64.getEncoder().encodeToString(key) + "\n",
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw cannotCreate(file, e);
        }
        AuditKey created = AuditKey.of(key);
        LOG.warn(
                "created the audit HMAC key {} (key id {}): back it up and keep it away from the database;"
                        + " without it, audit checkpoints cannot be verified",
                file.toAbsolutePath(),
                created.id());
        return Optional.of(created);
    }

    private static ServerException cannotCreate(Path file, Exception e) {
        return new ServerException(
                "cannot create the audit key file " + file.toAbsolutePath() + ": " + e
                        + "; choose another place with --audit-key-file, or set WAKACFG_AUDIT_KEY",
                e);
    }

    /** The key in {@code base64}; {@code where} names its source for the error message. */
    static AuditKey decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ServerException(where + " is not base64 (" + HOW_TO_MAKE + ")", e);
        }
        if (bytes.length != AuditKey.LENGTH) {
            throw new ServerException(
                    where + " holds " + bytes.length + " bytes; an audit key is " + AuditKey.LENGTH + " bytes ("
                            + HOW_TO_MAKE + ")",
                    null);
        }
        return AuditKey.of(bytes);
    }
}

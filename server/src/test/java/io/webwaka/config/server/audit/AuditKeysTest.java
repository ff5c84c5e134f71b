package io.webwaka.config.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.store.AuditKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the audit key comes from: the environment, else the key file a server creates once. */
class AuditKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void forServer_noKeyYet_createsAnOwnerOnlyKeyFileOnce() throws IOException {
        AuditKey first = AuditKeys.forServer(options().build());
        AuditKey second = AuditKeys.forServer(options().build());

        Path file = dataDir.resolve("audit-hmac.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        assertThat(second.id()).isEqualTo(first.id());
    }

    @Test
    void find_noKey_isEmptyAndCreatesNothing() {
        assertThat(AuditKeys.find(options().build())).isEmpty();
        assertThat(dataDir.resolve("audit-hmac.key")).doesNotExist();
    }

    @Test
    void givenKey_winsOverTheFile_andAnotherFileCanBeNamed() throws IOException {
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);
        Path elsewhere = dataDir.resolve("secrets/key");
        AuditKey fromFile =
                AuditKeys.forServer(options().auditKeyFile(elsewhere).build());

        AuditKey given = AuditKeys.forServer(options().auditKey(base64).build());

        assertThat(given.id()).isEqualTo(AuditKey.of(new byte[32]).id()).isNotEqualTo(fromFile.id());
        assertThat(Files.exists(elsewhere)).isTrue();
        assertThat(AuditKeys.find(options().auditKeyFile(elsewhere).build())
                        .orElseThrow()
                        .id())
                .isEqualTo(fromFile.id());
    }

    @Test
    void malformedKeys_failWithAClearMessage() throws IOException {
        Files.writeString(dataDir.resolve("audit-hmac.key"), "c2hvcnQ=\n");

        assertThatThrownBy(() -> AuditKeys.forServer(options().build()))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("audit-hmac.key")
                .hasMessageContaining("5 bytes")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() ->
                        AuditKeys.forServer(options().auditKey("not base64!").build()))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("WAKACFG_AUDIT_KEY");
    }

    private ServerOptions.Builder options() {
        return ServerOptions.builder().dataDir(dataDir);
    }
}

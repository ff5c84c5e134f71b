package io.webwaka.config.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.AuditKey;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values reach the audit log only as keyed digests. */
class AuditLogTest {
    private static final AuditKey KEY = AuditKey.of(new byte[32]);

    @TempDir
    Path dir;

    private ConfigStore store;
    private AuditLog log;

    @BeforeEach
    void open() {
        store = ConfigStore.open(StoreSettings.sqlite(dir));
        log = new AuditLog(store, KEY);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void digest_isHmacSha256HexUnderTheServerKey_equalValuesEqual() {
        String digest = log.digest("s3cret-password");

        assertThat(digest).matches("hmac-sha256:[0-9a-f]{64}").doesNotContain("s3cret");
        assertThat(log.digest("s3cret-password")).isEqualTo(digest);
        assertThat(log.digest("s3cret-passwore")).isNotEqualTo(digest);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(new AuditLog(store, AuditKey.of(other)).digest("s3cret-password"))
                .as("another server key, another digest")
                .isNotEqualTo(digest);
        assertThat(digest).isEqualTo(KEY.digest("s3cret-password"));
    }
}

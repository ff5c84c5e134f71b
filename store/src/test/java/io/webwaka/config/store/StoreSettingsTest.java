package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings validation and the failures of {@link ConfigStore#open} on a database it cannot use. */
class StoreSettingsTest {

    @Test
    void new_unsupportedUrl_throwsStoreException() {
        assertThatThrownBy(() -> new StoreSettings("jdbc:mysql://localhost/wakacfg", "", "", 4))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageContaining("unsupported database URL 'jdbc:mysql://localhost/wakacfg'");
    }

    @Test
    void new_poolSizeZero_throwsStoreException() {
        assertThatThrownBy(() -> new StoreSettings("jdbc:sqlite:x.db", "", "", 0))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageContaining("maxPoolSize");
    }

    @Test
    void redactedUrl_withPassword_hidesIt() {
        StoreSettings settings =
                StoreSettings.postgres("jdbc:postgresql://db/x?user=u&password=s3cret&ssl=true", "", "");

        assertThat(settings.redactedUrl()).isEqualTo("jdbc:postgresql://db/x?user=u&password=***&ssl=true");
    }

    @Test
    void open_unreachablePostgres_throwsStoreExceptionNamingTheDatabase() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/wakacfg?password=s3cret";

        assertThatThrownBy(() -> ConfigStore.open(StoreSettings.postgres(url, "wakacfg", "s3cret")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the store at jdbc:postgresql://127.0.0.1:")
                .hasMessageContaining("/wakacfg?password=***")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void open_sqliteInMissingDirectory_throwsStoreException(@TempDir Path tempDir) {
        StoreSettings settings = StoreSettings.sqlite(tempDir.resolve("missing"));

        assertThatThrownBy(() -> ConfigStore.open(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the store at jdbc:sqlite:");
    }

    /** A local port nothing listens on (free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

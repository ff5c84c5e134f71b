package io.webwaka.config.store.testing;

import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The databases a store test runs on, each giving a fresh, empty, isolated store; use it as the
 * source of a parameterised test ({@code @EnumSource(StoreKind.class)}) so a test covers both.
 *
 * <p>Thread-safe.
 */
public enum StoreKind {
    /** A SQLite file in a new directory. */
    SQLITE {
        @Override
        public StoreSettings freshSettings(Path scratchDir) {
            try {
                return StoreSettings.sqlite(Files.createTempDirectory(scratchDir, "sqlite"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    /** A new database on the shared {@link EmbeddedPg} server. */
    POSTGRESQL {
        @Override
        public StoreSettings freshSettings(Path scratchDir) {
            return EmbeddedPg.freshDatabase();
        }
    };

    /**
     * Settings for a new, empty database of this kind. Each call returns a different database.
     *
     * @param scratchDir an existing directory SQLite may create its file under (e.g. a JUnit
     *     {@code @TempDir}); PostgreSQL ignores it
     */
    public abstract StoreSettings freshSettings(Path scratchDir);

    /** Opens (and migrates) a store on a new, empty database; the caller closes it. */
    public ConfigStore openFresh(Path scratchDir) {
        return ConfigStore.open(freshSettings(scratchDir));
    }
}

package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ConfigStore#exportTables} and {@link ConfigStore#importTables} between every pair of
 * databases: values of every portable type (tables other features add may hold bytes, booleans
 * and fractions) arrive unchanged, and a source of another schema version is refused unwritten.
 */
class TableDumpTest {
    @TempDir
    Path tmp;

    /** Everything an export handed over, replayable as a {@link BackupSource}. */
    private static final class Captured implements BackupSink, BackupSource {
        final Map<BackupTable, List<List<Object>>> rows = new LinkedHashMap<>();
        String version;
        private List<List<Object>> current;

        @Override
        public void table(BackupTable table) {
            current = new ArrayList<>();
            rows.put(table, current);
        }

        @Override
        public void row(List<Object> values) {
            current.add(values);
        }

        @Override
        public String schemaVersion() {
            return version;
        }

        @Override
        public List<BackupTable> tables() {
            return List.copyOf(rows.keySet());
        }

        @Override
        public void rows(BackupTable table, Consumer<List<Object>> each) {
            rows.get(table).forEach(each);
        }
    }

    @ParameterizedTest
    @CsvSource({"SQLITE,POSTGRESQL", "POSTGRESQL,SQLITE", "SQLITE,SQLITE", "POSTGRESQL,POSTGRESQL"})
    void exportThenImport_everyPortableTypeArrivesUnchanged(StoreKind from, StoreKind to)
            throws SQLException, IOException {
        StoreSettings source = from.freshSettings(tmp);
        StoreSettings target = to.freshSettings(tmp);
        Captured captured = new Captured();
        try (ConfigStore s = ConfigStore.open(source)) {
            s.createProject(
                    "shop",
                    "Shop",
                    List.of(new NewEnvironment("dev", "Dev", false)),
                    StoreFixture.audit("project.create", "shop"));
            execute(source, extraTable(from), "INSERT INTO extra_values VALUES (1, TRUE, 2.5, NULL, 'héllo ✓')");
            execute(source, "UPDATE extra_values SET blob = " + blobLiteral(from) + " WHERE id = 1");
            captured.version = s.exportTables(captured).schemaVersion();
        }
        try (ConfigStore t = ConfigStore.open(target)) {
            execute(target, extraTable(to));
            t.importTables(captured);
            assertThat(t.findProject("shop")).isPresent();
            assertThat(t.environments(t.findProject("shop").get().id())).hasSize(1);
            t.createProject(
                    "next",
                    "Next",
                    List.of(),
                    StoreFixture.audit("project.create", "next")); // identities continue past restored ids
        }
        try (Connection c = connect(target);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT flag, ratio, blob, note FROM extra_values")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getDouble(2)).isEqualTo(2.5);
            assertThat(Arrays.equals(rs.getBytes(3), new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}))
                    .isTrue();
            assertThat(rs.getString(4)).isEqualTo("héllo ✓");
        }
    }

    @ParameterizedTest
    @CsvSource({"SQLITE", "POSTGRESQL"})
    void import_otherSchemaVersion_refusedAndNothingWritten(StoreKind kind) throws IOException {
        Captured captured = new Captured();
        try (ConfigStore s = kind.openFresh(tmp)) {
            s.createProject("shop", "Shop", List.of(), StoreFixture.audit("project.create", "shop"));
            s.exportTables(captured);
        }
        captured.version = "1";
        try (ConfigStore t = kind.openFresh(tmp)) {
            assertThatThrownBy(() -> t.importTables(captured))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("schema version 1");
            assertThat(t.listProjects()).isEmpty();
        }
    }

    private static String extraTable(StoreKind kind) {
        return "CREATE TABLE extra_values (id BIGINT PRIMARY KEY, flag BOOLEAN, ratio DOUBLE PRECISION, blob "
                + (kind == StoreKind.POSTGRESQL ? "BYTEA" : "BLOB") + ", note TEXT)";
    }

    private static String blobLiteral(StoreKind kind) {
        return kind == StoreKind.POSTGRESQL ? "'\\x0001feff'::bytea" : "X'0001FEFF'";
    }

    private static void execute(StoreSettings settings, String... sql) throws SQLException {
        try (Connection c = connect(settings);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static Connection connect(StoreSettings settings) throws SQLException {
        return settings.isSqlite()
                ? DriverManager.getConnection(settings.jdbcUrl())
                : DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }
}

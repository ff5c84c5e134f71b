package io.webwaka.config.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Backups at the table level, for any table of the schema (those other features add too): lists the
 * tables from the database itself (not Flyway's history: the target is migrated by its own
 * migrations), orders them parents first by their foreign keys, and moves rows as portable values
 * (see {@link BackupSink}), so a SQLite backup restores into PostgreSQL and back.
 *
 * <p>Rows are copied exactly, generated ids, audit seqs and hashes included, so the audit chain of a
 * restored store verifies. Not thread-safe: one call per connection.
 */
final class TableDump {
    private static final int BATCH = 500;
    private static final int FETCH = 1000;

    /** A column's name, JDBC type and whether it holds booleans (SQLite stores them as 0/1). */
    private record Column(String name, int sqlType, boolean bool) {}

    private TableDump() {}

    /** The user tables of the connection's schema, parents before the tables referencing them. */
    static List<String> tables(Connection c, boolean postgres) throws SQLException {
        List<String> names = new ArrayList<>();
        String sql = postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_type = 'BASE TABLE' ORDER BY table_name"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                        + " ORDER BY name";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(1).toLowerCase(Locale.ROOT);
                if (!name.equals("flyway_schema_history")) {
                    names.add(name);
                }
            }
        }
        return parentsFirst(c, names);
    }

    private static List<String> parentsFirst(Connection c, List<String> names) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String t : names) {
            Set<String> ps = new HashSet<>();
            try (ResultSet rs = md.getImportedKeys(null, c.getSchema(), t)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(t) && names.contains(parent)) {
                        ps.add(parent);
                    }
                }
            }
            parents.put(t, ps);
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < names.size()) {
            int before = ordered.size();
            for (String t : names) {
                if (!ordered.contains(t) && ordered.containsAll(parents.get(t))) {
                    ordered.add(t);
                }
            }
            if (ordered.size() == before) {
                throw new StoreException("the foreign keys between tables form a cycle: " + parents, null);
            }
        }
        return ordered;
    }

    private static List<Column> columns(Connection c, String table) throws SQLException {
        List<Column> cols = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + quote(table) + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = Objects.toString(md.getColumnTypeName(i), "").toUpperCase(Locale.ROOT);
                int sqlType = md.getColumnType(i);
                boolean bool = type.contains("BOOL") || sqlType == Types.BOOLEAN || sqlType == Types.BIT;
                cols.add(new Column(md.getColumnLabel(i).toLowerCase(Locale.ROOT), sqlType, bool));
            }
        }
        return cols;
    }

    /**
     * The append-only tables: rows are only ever inserted, in position order within a group, and a
     * committed snapshot holds a prefix of each group (the writers of a group are serialised).
     */
    private record AppendOnly(String group, String position) {}

    private static final Map<String, AppendOnly> APPEND_ONLY = Map.of(
            "audit_events", new AppendOnly(null, "seq"),
            "audit_checkpoints", new AppendOnly(null, "seq"),
            "revisions", new AppendOnly("project_id", "number"),
            "item_versions", new AppendOnly("project_id", "revision"));

    /**
     * Hands every table the connection sees to {@code sink} (call inside one snapshot): append-only
     * tables only past {@code since} (all of them for {@link BackupCursors#NONE}), the others whole.
     *
     * @return where this export ended in each append-only table
     */
    static BackupCursors export(Connection c, boolean postgres, BackupSink sink, BackupCursors since)
            throws SQLException, IOException {
        Map<String, Map<Long, Long>> ended = new LinkedHashMap<>();
        boolean incremental = since != BackupCursors.NONE;
        for (String table : tables(c, postgres)) {
            List<Column> cols = columns(c, table);
            AppendOnly append = APPEND_ONLY.get(table);
            Map<Long, Long> positions = append == null ? Map.of() : positions(c, table, append);
            if (append != null) {
                ended.put(table, positions);
            }
            boolean delta = incremental && append != null;
            long count = delta ? deltaCount(c, table, append, positions, since) : count(c, table);
            List<String> names = cols.stream().map(Column::name).toList();
            sink.table(new BackupTable(table, names, count, delta));
            int groupAt = append == null || append.group() == null ? -1 : names.indexOf(append.group());
            int positionAt = append == null ? -1 : names.indexOf(append.position());
            try (Statement s = c.createStatement()) {
                s.setFetchSize(FETCH);
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + quote(table) + " ORDER BY 1")) {
                    while (rs.next()) {
                        List<Object> row = portableRow(rs, cols);
                        if (!delta || isNew(row, groupAt, positionAt, since, table)) {
                            sink.row(row);
                        }
                    }
                }
            }
        }
        return new BackupCursors(ended);
    }

    private static boolean isNew(List<Object> row, int groupAt, int positionAt, BackupCursors since, String table) {
        long group = groupAt < 0 ? 0 : (Long) row.get(groupAt);
        return (Long) row.get(positionAt) > since.position(table, group);
    }

    private static long deltaCount(
            Connection c, String table, AppendOnly append, Map<Long, Long> now, BackupCursors since)
            throws SQLException {
        String sql = "SELECT COUNT(*) FROM " + quote(table) + " WHERE " + quote(append.position()) + " > ?"
                + (append.group() == null ? "" : " AND " + quote(append.group()) + " = ?");
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Long group : now.keySet()) {
                ps.setLong(1, since.position(table, group));
                if (append.group() != null) {
                    ps.setLong(2, group);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    private static Map<Long, Long> positions(Connection c, String table, AppendOnly append) throws SQLException {
        // Without a group: one row (no GROUP BY, where a literal 0 would mean a column position).
        String sql = append.group() == null
                ? "SELECT 0, MAX(" + quote(append.position()) + ") FROM " + quote(table)
                : "SELECT " + quote(append.group()) + ", MAX(" + quote(append.position()) + ") FROM " + quote(table)
                        + " GROUP BY " + quote(append.group());
        Map<Long, Long> positions = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (rs.getObject(2) != null) {
                    positions.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return positions;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Object> portableRow(ResultSet rs, List<Column> cols) throws SQLException {
        List<Object> row = new ArrayList<>(cols.size());
        for (int i = 0; i < cols.size(); i++) {
            Object v = rs.getObject(i + 1);
            row.add(v == null ? null : portable(v, cols.get(i)));
        }
        return row;
    }

    private static Object portable(Object v, Column col) {
        if (col.bool()) {
            return v instanceof Boolean b ? b : ((Number) v).longValue() != 0;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        }
        if (v instanceof Float || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof byte[] || v instanceof String || v instanceof Boolean) {
            return v;
        }
        return v.toString();
    }

    /**
     * Writes every row of {@code source} into the connection's empty, migrated schema, in the
     * caller's transaction: refuses (throws, writing nothing) if the store holds data or the schema
     * versions differ. Rows a migration seeded (the audit chain's head) are replaced by the backup's.
     */
    static void importInto(Connection c, boolean postgres, String schemaVersion, BackupSource source)
            throws SQLException, IOException {
        if (!schemaVersion.equals(source.schemaVersion())) {
            throw new StoreException(
                    "the backup is of schema version " + source.schemaVersion() + " and the target store is at "
                            + schemaVersion + "; restore it with the release that wrote it",
                    null);
        }
        List<String> targetTables = tables(c, postgres);
        requireEmpty(c, targetTables);
        for (BackupTable t : source.tables()) {
            if (!targetTables.contains(t.name())) {
                throw new StoreException("the backup has a table '" + t.name() + "' the target schema lacks", null);
            }
        }
        for (int i = targetTables.size() - 1; i >= 0; i--) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + quote(targetTables.get(i)));
            }
        }
        for (BackupTable t : source.tables()) {
            insertAll(c, t, source);
        }
        if (postgres) {
            resetIdentities(c);
        }
    }

    private static void requireEmpty(Connection c, List<String> tables) throws SQLException {
        for (String t : List.of("projects", "principals", "tokens", "audit_events")) {
            if (!tables.contains(t)) {
                continue;
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quote(t))) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new StoreException(
                            "the target store is not empty (table " + t + " has " + rs.getLong(1)
                                    + " rows); restore only into a new, empty data directory or database",
                            null);
                }
            }
        }
    }

    private static void insertAll(Connection c, BackupTable t, BackupSource source) throws SQLException, IOException {
        Map<String, Column> target = new LinkedHashMap<>();
        for (Column col : columns(c, t.name())) {
            target.put(col.name(), col);
        }
        List<Column> cols = new ArrayList<>();
        for (String name : t.columns()) {
            Column col = target.get(name);
            if (col == null) {
                throw new StoreException("the target table " + t.name() + " has no column " + name, null);
            }
            cols.add(col);
        }
        String sql = "INSERT INTO " + quote(t.name()) + " ("
                + String.join(", ", cols.stream().map(col -> quote(col.name())).toList()) + ") VALUES ("
                + String.join(", ", cols.stream().map(col -> "?").toList()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int[] pending = {0};
            try {
                source.rows(t, row -> {
                    try {
                        bind(ps, cols, row, t.name());
                        ps.addBatch();
                        if (++pending[0] == BATCH) {
                            ps.executeBatch();
                            pending[0] = 0;
                        }
                    } catch (SQLException e) {
                        throw new StoreException("cannot insert into " + t.name() + ": " + e.getMessage(), e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (pending[0] > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Column> cols, List<Object> row, String table)
            throws SQLException {
        if (row.size() != cols.size()) {
            throw new StoreException(
                    "a row of " + table + " has " + row.size() + " values for " + cols.size() + " columns", null);
        }
        for (int i = 0; i < cols.size(); i++) {
            Object v = row.get(i);
            Column col = cols.get(i);
            if (v == null) {
                ps.setNull(i + 1, col.sqlType());
            } else if (col.bool()) {
                boolean b = v instanceof Boolean x ? x : ((Number) v).longValue() != 0;
                ps.setBoolean(i + 1, b);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (v instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else {
                ps.setString(i + 1, v.toString());
            }
        }
    }

    /** Moves every identity sequence past the restored ids, so new rows get fresh ones. */
    private static void resetIdentities(Connection c) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND (is_identity = 'YES'"
                        + " OR column_default LIKE 'nextval(%')")) {
            while (rs.next()) {
                identities.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] id : identities) {
            String sql = "SELECT setval(pg_get_serial_sequence(?, ?), (SELECT COALESCE(MAX(" + quote(id[1])
                    + "), 0) + 1 FROM " + quote(id[0]) + "), false)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id[0]);
                ps.setString(2, id[1]);
                ps.executeQuery().close();
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

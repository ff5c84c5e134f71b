package io.webwaka.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL and row mapping for item versions and revisions. */
final class ItemSql {
    static final String SELECT =
            "SELECT kind, env_id, item_key, revision, state, value, description FROM item_versions";

    /** The latest row per (kind, layer, key) at or before revision :r. */
    static final String AS_OF = "SELECT v.kind, v.env_id, v.item_key, v.revision, v.state, v.value, v.description"
            + " FROM item_versions v JOIN ("
            + "   SELECT kind, env_id, item_key, MAX(revision) AS rev FROM item_versions"
            + "   WHERE project_id = :p AND revision <= :r GROUP BY kind, env_id, item_key) m"
            + " ON v.kind = m.kind AND v.env_id = m.env_id AND v.item_key = m.item_key AND v.revision = m.rev"
            + " WHERE v.project_id = :p"
            + " ORDER BY v.kind, v.env_id, v.item_key";

    static final String REVISIONS = "SELECT number, author, message, request_id, created_at FROM revisions";

    private ItemSql() {}

    static ItemVersion item(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ItemVersion(
                rs.getString("kind"),
                rs.getLong("env_id"),
                rs.getString("item_key"),
                rs.getLong("revision"),
                ItemState.ofCode(rs.getString("state")),
                rs.getString("value"),
                rs.getString("description"));
    }

    static Revision revision(ResultSet rs, StatementContext ctx) throws SQLException {
        String requestId = rs.getString("request_id");
        return new Revision(
                rs.getLong("number"),
                rs.getString("author"),
                rs.getString("message"),
                requestId == null ? "" : requestId,
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}

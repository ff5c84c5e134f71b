package io.webwaka.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL and row mapping for projects and environments. */
final class ProjectSql {
    static final String SELECT = "SELECT id, project_key, name, head_revision, created_at FROM projects";

    private ProjectSql() {}

    static Project project(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Project(
                rs.getLong("id"),
                rs.getString("project_key"),
                rs.getString("name"),
                rs.getLong("head_revision"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    static List<Environment> environments(Handle h, long projectId) {
        return h.createQuery("SELECT id, project_id, env_key, name, protected, position FROM environments"
                        + " WHERE project_id = ? ORDER BY position")
                .bind(0, projectId)
                .map((rs, ctx) -> new Environment(
                        rs.getLong("id"),
                        rs.getLong("project_id"),
                        rs.getString("env_key"),
                        rs.getString("name"),
                        rs.getBoolean("protected"),
                        rs.getInt("position")))
                .list();
    }
}

package io.webwaka.config.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The JDBC implementation of {@link ConfigStore} for SQLite and PostgreSQL.
 *
 * <p>On SQLite, write transactions are additionally serialised by one in-process lock and begin
 * {@code IMMEDIATE}, so two writers never deadlock on a lock upgrade; readers run concurrently under
 * WAL. On PostgreSQL the row lock taken by the head-revision update serialises a project's writers.
 *
 * <p>Every audit event is written through {@link AuditChain#append} (never a plain {@code INSERT}),
 * as the last write of its transaction, so it takes its place in the hash chain.
 *
 * <p><b>Design note: why this file is long.</b> It is the one place that owns transactions: each
 * method here is a thin transaction boundary ({@link #write}/{@link #read}, the SQLite write lock, the
 * audit chain append, the PostgreSQL notify) around SQL that lives in per-table helpers ({@code
 * ProjectSql}, {@code ItemSql}, {@code AccessSql}, {@code AuditSql}/{@code AuditChain}, {@code KeySql},
 * {@code RotationSql}, {@code WebhookSql}, {@code ClientInstanceSql}, {@code TableDump}). Splitting the boundaries across classes would spread the
 * locking and chaining rules that every write must follow; the SQL is already split by table.
 */
final class JdbcConfigStore implements ConfigStore {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String vendor;
    private final ReentrantLock sqliteWriteLock = new ReentrantLock(true);
    private final AuditChain auditChain;
    private final StoreSettings settings;
    private final String expectedSchemaVersion;

    private JdbcConfigStore(
            HikariDataSource dataSource,
            String vendor,
            AuditChainSettings audit,
            StoreSettings settings,
            String expectedSchemaVersion) {
        this.expectedSchemaVersion = expectedSchemaVersion;
        this.settings = settings;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.vendor = vendor;
        this.auditChain = new AuditChain("postgresql".equals(vendor), audit);
    }

    static JdbcConfigStore open(StoreSettings settings, AuditChainSettings audit) {
        HikariDataSource ds = null;
        try {
            // Hikari connects in its constructor: inside the try, so failures get a clear message.
            ds = new HikariDataSource(poolConfig(settings));
            String vendor = settings.isSqlite() ? "sqlite" : "postgresql";
            Flyway flyway = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/" + vendor)
                    .load();
            flyway.migrate();
            MigrationInfo latest = flyway.info().current();
            String expected = latest == null ? "0" : latest.getVersion().getVersion();
            JdbcConfigStore store = new JdbcConfigStore(ds, vendor, audit, settings, expected);
            store.write("the audit chain", store.auditChain::chainLegacyEvents);
            return store;
        } catch (RuntimeException e) {
            if (ds != null) {
                ds.close();
            }
            throw new StoreException("cannot open the store at " + settings.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    private static HikariConfig poolConfig(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setPoolName("wakacfg-store");
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(10_000);
        if (settings.isSqlite()) {
            config.addDataSourceProperty("journal_mode", "WAL");
            // FULL: a commit acknowledged to a client survives power loss, not only a crash.
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            if (!settings.user().isEmpty()) {
                config.setUsername(settings.user());
            }
            if (!settings.password().isEmpty()) {
                config.setPassword(settings.password());
            }
        }
        return config;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public boolean isReachable() {
        try {
            return jdbi.withHandle(
                    h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<String> schemaVersion() {
        try {
            return jdbi.withHandle(
                    h -> h.createQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                                    + " ORDER BY installed_rank DESC")
                            .setMaxRows(1)
                            .mapTo(String.class)
                            .findFirst());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String expectedSchemaVersion() {
        return expectedSchemaVersion;
    }

    @Override
    public void trackPoolWith(com.zaxxer.hikari.metrics.MetricsTrackerFactory factory) {
        dataSource.setMetricsTrackerFactory(factory);
    }

    @Override
    public BackupExport exportTables(BackupSink sink) throws IOException {
        return exportChanges(sink, BackupCursors.NONE);
    }

    @Override
    public BackupExport exportChanges(BackupSink sink, BackupCursors since) throws IOException {
        try {
            return "postgresql".equals(vendor) ? exportPostgres(sink, since) : exportSqlite(sink, since);
        } catch (SQLException e) {
            throw new StoreException("cannot read the tables for the backup: " + rootMessage(e), e);
        }
    }

    private BackupExport exportPostgres(BackupSink sink, BackupCursors since) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                String version = schemaVersion(c);
                return new BackupExport(version, TableDump.export(c, true, sink, since));
            } finally {
                c.rollback(); // read-only: nothing to keep; Hikari resets the connection's settings
            }
        }
    }

    private BackupExport exportSqlite(BackupSink sink, BackupCursors since) throws SQLException, IOException {
        Path db = Path.of(settings.jdbcUrl().substring("jdbc:sqlite:".length())).toAbsolutePath();
        Path dir = Files.createTempDirectory(db.getParent(), ".backup-");
        Path copy = dir.resolve("snapshot.db");
        try {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                // One consistent copy, taken by SQLite itself; writers go on meanwhile (WAL).
                s.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
                String version = schemaVersion(c);
                return new BackupExport(version, TableDump.export(c, false, sink, since));
            }
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir);
        }
    }

    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history"
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC")) {
            return rs.next() ? rs.getString(1) : "0";
        }
    }

    @Override
    public void importTables(BackupSource source) throws IOException {
        boolean postgres = "postgresql".equals(vendor);
        try {
            write("the restored tables", h -> {
                try {
                    TableDump.importInto(h.getConnection(), postgres, expectedSchemaVersion, source);
                    return null;
                } catch (SQLException e) {
                    throw new StoreException("cannot restore the tables: " + rootMessage(e), e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    /** Runs a write transaction; maps constraint violations to {@link DuplicateKeyException}. */
    private <R> R write(String what, HandleCallback<R, RuntimeException> callback) {
        boolean locked = "sqlite".equals(vendor);
        if (locked) {
            sqliteWriteLock.lock();
        }
        try {
            return jdbi.inTransaction(callback);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateKeyException(what);
            }
            throw new StoreException("could not write " + what + ": " + rootMessage(e), e);
        } finally {
            if (locked) {
                sqliteWriteLock.unlock();
            }
        }
    }

    private <R> R read(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (RuntimeException e) {
            throw new StoreException("could not read from the store: " + rootMessage(e), e);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage());
                if ("23505".equals(state) || message.contains("UNIQUE constraint failed")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public Project createProject(String key, String name, List<NewEnvironment> environments, AuditRecord audit) {
        return write("project '" + key + "'", h -> {
            long now = System.currentTimeMillis();
            long id = h.createUpdate(
                            "INSERT INTO projects (project_key, name, head_revision, created_at) VALUES (?, ?, 0, ?)")
                    .bind(0, key)
                    .bind(1, name)
                    .bind(2, now)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            int position = 0;
            for (NewEnvironment env : environments) {
                insertEnvironment(h, id, env, position++, now);
            }
            auditChain.append(h, audit);
            return new Project(id, key, name, 0, Instant.ofEpochMilli(now));
        });
    }

    private static long insertEnvironment(Handle h, long projectId, NewEnvironment env, int position, long now) {
        return h.createUpdate("INSERT INTO environments (project_id, env_key, name, protected, position, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, projectId)
                .bind(1, env.key())
                .bind(2, env.name())
                .bind(3, env.isProtected())
                .bind(4, position)
                .bind(5, now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    @Override
    public Optional<Project> findProject(String key) {
        return read(h -> h.createQuery(ProjectSql.SELECT + " WHERE project_key = ?")
                .bind(0, key)
                .map(ProjectSql::project)
                .findOne());
    }

    @Override
    public List<Project> listProjects() {
        return read(h -> h.createQuery(ProjectSql.SELECT + " ORDER BY project_key")
                .map(ProjectSql::project)
                .list());
    }

    @Override
    public List<Environment> environments(long projectId) {
        return read(h -> ProjectSql.environments(h, projectId));
    }

    @Override
    public Environment createEnvironment(long projectId, NewEnvironment environment, AuditRecord audit) {
        return write("environment '" + environment.key() + "'", h -> {
            lockProject(h, projectId);
            int position = h.createQuery("SELECT COALESCE(MAX(position) + 1, 0) FROM environments WHERE project_id = ?")
                    .bind(0, projectId)
                    .mapTo(Integer.class)
                    .one();
            long id = insertEnvironment(h, projectId, environment, position, System.currentTimeMillis());
            auditChain.append(h, audit);
            return new Environment(
                    id, projectId, environment.key(), environment.name(), environment.isProtected(), position);
        });
    }

    @Override
    public Environment updateEnvironment(Environment updated, AuditRecord audit) {
        return write("environment '" + updated.key() + "'", h -> {
            int rows = h.createUpdate("UPDATE environments SET env_key = ?, name = ?, protected = ? WHERE id = ?")
                    .bind(0, updated.key())
                    .bind(1, updated.name())
                    .bind(2, updated.isProtected())
                    .bind(3, updated.id())
                    .execute();
            if (rows != 1) {
                throw new StoreException("environment " + updated.id() + " does not exist");
            }
            auditChain.append(h, audit);
            return updated;
        });
    }

    /** Locks a project's row for the rest of the transaction (serialises structural changes). */
    private static void lockProject(Handle h, long projectId) {
        int rows = h.createUpdate("UPDATE projects SET name = name WHERE id = ?")
                .bind(0, projectId)
                .execute();
        if (rows != 1) {
            throw new StoreException("project " + projectId + " does not exist");
        }
    }

    @Override
    public long commit(Commit commit) {
        return write("revision", h -> commitIn(h, commit));
    }

    private long commitIn(Handle h, Commit commit) {
        // Taking the head first locks the project (row lock / write lock) before any read.
        int updated = h.createUpdate("UPDATE projects SET head_revision = head_revision + 1 WHERE id = ?")
                .bind(0, commit.projectId())
                .execute();
        if (updated != 1) {
            throw new StoreException("project " + commit.projectId() + " does not exist");
        }
        long revision = h.createQuery("SELECT head_revision FROM projects WHERE id = ?")
                .bind(0, commit.projectId())
                .mapTo(Long.class)
                .one();
        if (commit.expectedRevision() != Commit.ANY_REVISION && commit.expectedRevision() != revision - 1) {
            throw new RevisionConflictException(commit.expectedRevision(), revision - 1);
        }
        insertRevision(h, commit, revision);
        insertItems(h, commit, revision);
        auditChain.appendAll(
                h, commit.audit().stream().map(a -> a.withRevision(revision)).toList());
        if (!"sqlite".equals(vendor)) {
            // Transactional: other nodes hear of the revision exactly when it commits.
            h.createQuery("SELECT pg_notify(?, ?)")
                    .bind(0, PgChangeFeed.CHANNEL)
                    .bind(1, PgChangeFeed.payload(commit.projectId(), revision))
                    .mapTo(String.class)
                    .findOne();
        }
        return revision;
    }

    private static void insertRevision(Handle h, Commit commit, long revision) {
        h.createUpdate("INSERT INTO revisions (project_id, number, author, message, request_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, commit.projectId())
                .bind(1, revision)
                .bind(2, commit.author())
                .bind(3, commit.message())
                .bind(4, commit.requestId())
                .bind(5, System.currentTimeMillis())
                .execute();
    }

    private static void insertItems(Handle h, Commit commit, long revision) {
        if (commit.writes().isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO item_versions"
                + " (project_id, kind, env_id, item_key, revision, state, value, description)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (ItemWrite w : commit.writes()) {
            batch.bind(0, commit.projectId())
                    .bind(1, w.kind())
                    .bind(2, w.envId())
                    .bind(3, w.key())
                    .bind(4, revision)
                    .bind(5, w.state().code())
                    .bind(6, w.value())
                    .bind(7, w.description())
                    .add();
        }
        batch.execute();
    }

    @Override
    public List<ItemVersion> stateAsOf(long projectId, long revision) {
        return read(h -> h.createQuery(ItemSql.AS_OF)
                .bind("p", projectId)
                .bind("r", revision)
                .map(ItemSql::item)
                .list());
    }

    @Override
    public List<ItemVersion> changesSince(long projectId, long afterRevision) {
        return read(h -> h.createQuery(ItemSql.SELECT
                        + " WHERE project_id = ? AND revision > ? ORDER BY revision, kind, env_id, item_key")
                .bind(0, projectId)
                .bind(1, afterRevision)
                .map(ItemSql::item)
                .list());
    }

    @Override
    public List<ItemVersion> changesAt(long projectId, long revision) {
        return read(h -> h.createQuery(
                        ItemSql.SELECT + " WHERE project_id = ? AND revision = ? ORDER BY kind, env_id, item_key")
                .bind(0, projectId)
                .bind(1, revision)
                .map(ItemSql::item)
                .list());
    }

    @Override
    public List<Revision> revisions(long projectId, long beforeRevision, int limit) {
        return read(h -> h.createQuery(
                        ItemSql.REVISIONS + " WHERE project_id = ? AND number < ?" + " ORDER BY number DESC LIMIT ?")
                .bind(0, projectId)
                .bind(1, beforeRevision)
                .bind(2, limit)
                .map(ItemSql::revision)
                .list());
    }

    @Override
    public Optional<Revision> revision(long projectId, long number) {
        return read(h -> h.createQuery(ItemSql.REVISIONS + " WHERE project_id = ? AND number = ?")
                .bind(0, projectId)
                .bind(1, number)
                .map(ItemSql::revision)
                .findOne());
    }

    @Override
    public void recordFlagUsage(long projectId, java.util.Collection<FlagUsage> usage) {
        if (usage.isEmpty()) {
            return;
        }
        write("flag usage", h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO flag_usage"
                    + " (project_id, env_id, flag_key, day, variant, count, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (project_id, env_id, flag_key, day, variant) DO UPDATE SET"
                    + " count = flag_usage.count + excluded.count,"
                    + " last_at = CASE WHEN excluded.last_at > flag_usage.last_at"
                    + " THEN excluded.last_at ELSE flag_usage.last_at END");
            for (FlagUsage u : usage) {
                batch.bind(0, projectId)
                        .bind(1, u.envId())
                        .bind(2, u.flagKey())
                        .bind(3, u.day())
                        .bind(4, u.variant())
                        .bind(5, u.count())
                        .bind(6, u.lastAt().toEpochMilli())
                        .add();
            }
            batch.execute();
            return null;
        });
    }

    @Override
    public List<FlagUsage> flagUsage(long projectId, long sinceDay) {
        return read(h -> h.createQuery("SELECT env_id, flag_key, day, variant, count, last_at FROM flag_usage"
                        + " WHERE project_id = ? AND day >= ? ORDER BY flag_key, env_id, day, variant")
                .bind(0, projectId)
                .bind(1, sinceDay)
                .map((rs, ctx) -> new FlagUsage(
                        rs.getLong("env_id"),
                        rs.getString("flag_key"),
                        rs.getLong("day"),
                        rs.getString("variant"),
                        rs.getLong("count"),
                        Instant.ofEpochMilli(rs.getLong("last_at"))))
                .list());
    }

    @Override
    public int pruneFlagUsage(long beforeDay) {
        return write(
                "flag usage",
                h -> h.createUpdate("DELETE FROM flag_usage WHERE day < ?")
                        .bind(0, beforeDay)
                        .execute());
    }

    @Override
    public boolean hasNoPrincipals() {
        return read(h -> AccessSql.principalCount(h) == 0);
    }

    @Override
    public boolean bootstrapAdmin(String name, String tokenHash, AuditRecord audit) {
        return write("principal '" + name + "'", h -> {
            if ("postgresql".equals(vendor)) {
                // Count-then-insert must not race with another node bootstrapping the same database.
                h.execute("LOCK TABLE principals IN SHARE ROW EXCLUSIVE MODE");
            }
            if (AccessSql.principalCount(h) > 0) {
                return false;
            }
            long principal = AccessSql.insertAccount(h, name, Account.USER, null);
            AccessSql.insertBinding(h, principal, new RoleBinding("admin", 0, 0));
            AccessSql.insertToken(h, tokenHash, Token.ADMIN, principal, 0, 0, "bootstrap admin token", null, "");
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public long createToken(
            String tokenHash,
            String kind,
            long principalId,
            long projectId,
            long envId,
            String name,
            Instant expiresAt,
            String scopes,
            AuditRecord audit) {
        return write("token", h -> {
            long id = AccessSql.insertToken(h, tokenHash, kind, principalId, projectId, envId, name, expiresAt, scopes);
            auditChain.append(h, audit);
            return id;
        });
    }

    @Override
    public Optional<Token> token(long id) {
        return read(h -> AccessSql.token(h, id));
    }

    @Override
    public List<Token> tokensOf(long principalId) {
        return read(h -> AccessSql.tokensOf(h, principalId));
    }

    @Override
    public List<Token> sdkKeys(long projectId, long envId) {
        return read(h -> AccessSql.sdkKeys(h, projectId, envId));
    }

    @Override
    public boolean revokeToken(long id, Instant at, AuditRecord audit) {
        return write("token " + id, h -> {
            if (AccessSql.revokeToken(h, id, at) == 0) {
                return false;
            }
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public void touchToken(long id, Instant at) {
        write("token " + id, h -> {
            AccessSql.touchToken(h, id, at);
            return null;
        });
    }

    @Override
    public long createAccount(NewAccount account, AuditRecord audit) {
        return write("account '" + account.name() + "'", h -> {
            long id = AccessSql.insertAccount(h, account.name(), account.kind(), account.passwordHash());
            for (RoleBinding binding : account.roles()) {
                AccessSql.insertBinding(h, id, binding);
            }
            AccessSql.insertToken(
                    h, account.tokenHash(), Token.ADMIN, id, 0, 0, account.tokenName(), account.tokenExpiresAt(), "");
            auditChain.append(h, audit);
            return id;
        });
    }

    @Override
    public Optional<Account> findAccount(String name) {
        return read(h -> AccessSql.account(h, name));
    }

    @Override
    public Optional<Account> account(long id) {
        return read(h -> AccessSql.account(h, id, false));
    }

    @Override
    public List<Account> accounts(String kind) {
        return read(h -> AccessSql.accounts(h, kind));
    }

    @Override
    public void replaceRoleBindings(long principalId, List<RoleBinding> roles, AuditRecord audit) {
        write("roles of account " + principalId, h -> {
            AccessSql.deleteBindings(h, principalId);
            for (RoleBinding binding : roles) {
                AccessSql.insertBinding(h, principalId, binding);
            }
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public void setPassword(long principalId, String passwordHash, AuditRecord audit) {
        write("password of account " + principalId, h -> {
            AccessSql.setPassword(h, principalId, passwordHash);
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public void disableAccount(long principalId, Instant at, AuditRecord audit) {
        write("account " + principalId, h -> {
            AccessSql.disable(h, principalId, at);
            AccessSql.revokeTokensOf(h, principalId, at);
            AccessSql.endSessionsOf(h, principalId, at);
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public Account recordLoginFailure(
            long principalId, Instant at, Instant windowStart, int maxFailures, Instant lockUntil) {
        return write("login failure of account " + principalId, h -> {
            Account a = AccessSql.account(h, principalId, "postgresql".equals(vendor))
                    .orElseThrow(() -> new StoreException("no account with id " + principalId, null));
            boolean inWindow = a.lastFailedAt() != null && !a.lastFailedAt().isBefore(windowStart);
            int failures = inWindow ? a.failedLogins() + 1 : 1;
            Instant locked = a.lockedUntil();
            if (failures >= maxFailures) {
                locked = lockUntil;
                failures = 0;
            }
            AccessSql.loginState(h, principalId, failures, at, locked);
            return AccessSql.account(h, principalId, false).orElseThrow();
        });
    }

    @Override
    public void clearLoginFailures(long principalId) {
        write("login state of account " + principalId, h -> {
            AccessSql.loginState(h, principalId, 0, null, null);
            return null;
        });
    }

    @Override
    public void createSession(Session session, AuditRecord audit) {
        write("session", h -> {
            AccessSql.insertSession(h, session);
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public Optional<Session> findSession(String idHash) {
        return read(h -> AccessSql.session(h, idHash));
    }

    @Override
    public void touchSession(String idHash, Instant at) {
        write("session", h -> {
            AccessSql.touchSession(h, idHash, at);
            return null;
        });
    }

    @Override
    public boolean endSession(String idHash, Instant at, AuditRecord audit) {
        return write("session", h -> {
            if (AccessSql.endSession(h, idHash, at) == 0) {
                return false;
            }
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public Optional<Token> findToken(String tokenHash) {
        return read(h -> AccessSql.findToken(h, tokenHash));
    }

    @Override
    public List<RoleBinding> roleBindings(long principalId) {
        return read(h -> AccessSql.bindings(h, principalId));
    }

    @Override
    public void appendAudit(AuditRecord record) {
        write("audit event", h -> {
            auditChain.append(h, record);
            return null;
        });
    }

    @Override
    public List<AuditRecord> audit(AuditQuery query) {
        return read(h -> AuditSql.query(h, query));
    }

    // ---- The audit chain ------------------------------------------------------------------

    @Override
    public AuditVerification verifyAudit(LongConsumer progress) {
        AuditKey key = auditChain.settings().key().orElse(null);
        return new AuditVerifier(new AuditSource(), key, progress).run();
    }

    @Override
    public Optional<AuditCheckpoint> checkpointAudit() {
        return write("an audit checkpoint", auditChain::checkpointHead);
    }

    @Override
    public void exportAudit(Instant since, Instant until, Consumer<AuditRecord> each) {
        long from = since.toEpochMilli();
        long to = until.toEpochMilli();
        long after = 0;
        for (List<AuditRecord> page = exportPage(after, from, to);
                !page.isEmpty();
                page = exportPage(after, from, to)) {
            page.forEach(each);
            after = page.get(page.size() - 1).seq();
        }
    }

    private List<AuditRecord> exportPage(long after, long from, long to) {
        return read(h -> AuditSql.exportPage(h, after, from, to, AuditVerifier.PAGE));
    }

    /** What the verifier reads: each call one statement of its own. */
    private final class AuditSource implements AuditVerifier.Source {
        @Override
        public List<AuditCheckpoint> checkpoints() {
            return read(AuditSql::checkpoints);
        }

        @Override
        public AuditChain.Head head() {
            return read(AuditSql::head);
        }

        @Override
        public Optional<AuditRecord> unchained() {
            return read(AuditSql::unchained);
        }

        @Override
        public List<AuditRecord> page(long afterSeq, int limit) {
            return read(h -> AuditSql.chainPage(h, afterSeq, limit));
        }
    }

    @Override
    public List<MasterKeyRecord> masterKeys() {
        return read(KeySql::masterKeys);
    }

    @Override
    public void addMasterKey(MasterKeyRecord key, AuditRecord audit) {
        write("master key version " + key.version(), h -> {
            KeySql.insertMasterKey(h, key);
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public boolean retireMasterKey(int version, Instant at, AuditRecord audit) {
        return write("master key version " + version, h -> {
            if (KeySql.retireMasterKey(h, version, at) == 0) {
                return false;
            }
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public List<DataKey> dataKeys(long projectId) {
        return read(h -> KeySql.dataKeys(h, " WHERE project_id = ?", projectId));
    }

    @Override
    public List<DataKey> dataKeysWrappedBy(int kekVersion) {
        return read(h -> KeySql.dataKeys(h, " WHERE kek_version = ?", kekVersion));
    }

    @Override
    public void addDataKey(DataKey key) {
        write("data key " + key.version() + " of project " + key.projectId(), h -> {
            KeySql.insertDataKey(h, key);
            return null;
        });
    }

    @Override
    public int rewrapDataKeys(List<DataKey> rewrapped, int fromKekVersion) {
        return write("data keys", h -> {
            int n = 0;
            for (DataKey k : rewrapped) {
                n += KeySql.rewrap(h, k, fromKekVersion);
            }
            return n;
        });
    }

    // ---- secret rotation ----------------------------------------------------------------

    @Override
    public Optional<SecretRotation> secretRotation(SecretRotation.Id id) {
        return read(h -> RotationSql.find(h, id));
    }

    @Override
    public List<SecretRotation> secretRotations(long projectId, long envId) {
        return read(h -> RotationSql.ofEnvironment(h, projectId, envId));
    }

    @Override
    public void putSecretRotation(SecretRotation.Id id, String policy, Instant nextDue, Instant at, AuditRecord audit) {
        write("the rotation of " + id.key(), h -> {
            RotationSql.upsertPolicy(h, id, policy, nextDue, at);
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public boolean deleteSecretRotation(SecretRotation.Id id, AuditRecord audit) {
        return write("the rotation of " + id.key(), h -> {
            if (RotationSql.delete(h, id) == 0) {
                return false;
            }
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public List<SecretRotation> claimDueSecretRotations(String owner, Instant now, Instant leaseUntil, int limit) {
        List<SecretRotation.Id> candidates = read(h -> RotationSql.due(h, now, limit));
        List<SecretRotation> claimed = new java.util.ArrayList<>();
        for (SecretRotation.Id id : candidates) {
            // One short transaction per row: a conditional UPDATE, so two nodes never both win it.
            write(
                            "the rotation lease of " + id.key(),
                            h -> RotationSql.claim(h, id, owner, now, leaseUntil, true)
                                    ? RotationSql.find(h, id)
                                    : Optional.<SecretRotation>empty())
                    .ifPresent(claimed::add);
        }
        return claimed;
    }

    @Override
    public Optional<SecretRotation> claimSecretRotation(
            SecretRotation.Id id, String owner, Instant now, Instant leaseUntil) {
        return write(
                "the rotation lease of " + id.key(),
                h -> RotationSql.claim(h, id, owner, now, leaseUntil, false)
                        ? RotationSql.find(h, id)
                        : Optional.<SecretRotation>empty());
    }

    @Override
    public boolean setPendingSecretValue(SecretRotation.Id id, String owner, String sealedValue, Instant at) {
        return write("the pending value of " + id.key(), h -> RotationSql.setPending(h, id, owner, sealedValue, at));
    }

    @Override
    public long commitSecretRotation(Commit commit, SecretRotation.Id id, SecretRotation.Success success) {
        return write("revision", h -> {
            long revision = commitIn(h, commit);
            if (!RotationSql.succeed(h, id, success)) {
                throw new LeaseLostException("secret '" + id.key() + "'");
            }
            return revision;
        });
    }

    @Override
    public void failSecretRotation(
            SecretRotation.Id id, String owner, Instant at, String error, Instant retryAt, AuditRecord audit) {
        write("the failed rotation of " + id.key(), h -> {
            RotationSql.fail(h, id, owner, at, error, retryAt);
            auditChain.append(h, audit);
            return null;
        });
    }

    @Override
    public void releaseSecretRotation(SecretRotation.Id id, String owner) {
        write("the rotation lease of " + id.key(), h -> RotationSql.release(h, id, owner));
    }

    // ---- alerting webhooks ----

    @Override
    public long createWebhook(Webhook webhook, AuditRecord audit) {
        return write("webhook '" + webhook.name() + "'", h -> {
            long id = WebhookSql.insert(h, webhook);
            auditChain.append(h, audit);
            return id;
        });
    }

    @Override
    public List<Webhook> webhooks() {
        return read(WebhookSql::all);
    }

    @Override
    public Optional<Webhook> webhook(long id) {
        return read(h -> WebhookSql.find(h, id));
    }

    @Override
    public boolean updateWebhook(Webhook webhook, AuditRecord audit) {
        return write("webhook " + webhook.id(), h -> {
            if (!WebhookSql.update(h, webhook)) {
                return false;
            }
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public boolean deleteWebhook(long id, AuditRecord audit) {
        return write("webhook " + id, h -> {
            if (!WebhookSql.delete(h, id)) {
                return false;
            }
            auditChain.append(h, audit);
            return true;
        });
    }

    @Override
    public List<Webhook> webhooksSealedBy(int kekVersion) {
        return read(h -> WebhookSql.sealedBy(h, kekVersion));
    }

    @Override
    public int resealWebhooks(List<Webhook> resealed, int fromKekVersion) {
        return write("webhook seals", h -> {
            int n = 0;
            for (Webhook w : resealed) {
                n += WebhookSql.reseal(h, w.id(), w.sealed(), w.sealedKek(), fromKekVersion) ? 1 : 0;
            }
            return n;
        });
    }

    @Override
    public List<AuditRecord> auditAfter(long afterSeq, int limit) {
        return read(h -> AuditSql.chainPage(h, afterSeq, limit));
    }

    @Override
    public long webhookCursor() {
        return read(WebhookSql::cursor);
    }

    @Override
    public boolean enqueueWebhookDeliveries(
            long fromSeq, long toSeq, List<WebhookDelivery.New> deliveries, Instant now) {
        return write("webhook deliveries", h -> {
            if (!WebhookSql.advance(h, fromSeq, toSeq)) {
                return false;
            }
            for (WebhookDelivery.New d : deliveries) {
                WebhookSql.enqueue(h, d, now);
            }
            return true;
        });
    }

    @Override
    public long enqueueWebhookDelivery(WebhookDelivery.New delivery, Instant now) {
        return write("a webhook delivery", h -> WebhookSql.enqueue(h, delivery, now));
    }

    @Override
    public List<WebhookDelivery> claimDueWebhookDeliveries(String owner, Instant now, Instant leaseUntil, int limit) {
        List<Long> candidates = read(h -> WebhookSql.due(h, now, limit));
        List<WebhookDelivery> claimed = new java.util.ArrayList<>();
        for (long id : candidates) {
            // One short transaction per row: a conditional UPDATE, so two nodes never both win it.
            write(
                            "the lease of webhook delivery " + id,
                            h -> WebhookSql.claim(h, id, owner, now, leaseUntil)
                                    ? WebhookSql.delivery(h, id)
                                    : Optional.<WebhookDelivery>empty())
                    .ifPresent(claimed::add);
        }
        return claimed;
    }

    @Override
    public boolean recordWebhookAttempt(long deliveryId, String owner, WebhookDelivery.Attempt attempt) {
        return write("webhook delivery " + deliveryId, h -> WebhookSql.record(h, deliveryId, owner, attempt));
    }

    @Override
    public boolean redeliverWebhookDelivery(long deliveryId, Instant now) {
        return write("webhook delivery " + deliveryId, h -> WebhookSql.redeliver(h, deliveryId, now));
    }

    @Override
    public List<WebhookDelivery> webhookDeliveries(long webhookId, long beforeId, int limit) {
        return read(h -> WebhookSql.page(h, webhookId, beforeId, limit));
    }

    @Override
    public Optional<WebhookDelivery> webhookDelivery(long deliveryId) {
        return read(h -> WebhookSql.delivery(h, deliveryId));
    }

    @Override
    public long openWebhookDeliveries() {
        return read(WebhookSql::open);
    }

    @Override
    public Optional<Instant> lastWebhookEventAt(long webhookId, String eventType) {
        return read(h -> WebhookSql.lastEventAt(h, webhookId, eventType));
    }

    @Override
    public long countAuditEvents(String outcome, String project, Instant since, long throughSeq) {
        return read(h -> WebhookSql.countAudit(h, outcome, project, since, throughSeq));
    }

    @Override
    public void close() {
        dataSource.close();
    }

    // ---- delivery: change notifications across server nodes, SDK instance heartbeats ----

    @Override
    public ChangeSubscription subscribeToChanges(ChangeListener listener) {
        if ("sqlite".equals(vendor)) {
            return INERT_SUBSCRIPTION;
        }
        PgChangeFeed feed = new PgChangeFeed(settings, listener);
        feed.start();
        return feed;
    }

    private static final ChangeSubscription INERT_SUBSCRIPTION = new ChangeSubscription() {
        @Override
        public String connectionName() {
            return "";
        }

        @Override
        public boolean isListening() {
            return false;
        }

        @Override
        public void close() {}
    };

    @Override
    public void recordClientInstance(ClientInstance i) {
        write("client instance", h -> {
            ClientInstanceSql.upsert(h, i);
            return null;
        });
    }

    @Override
    public List<ClientInstance> clientInstances(long projectId, long envId) {
        return read(h -> ClientInstanceSql.of(h, projectId, envId));
    }

    @Override
    public List<ClientInstance> clientInstancesSeenSince(Instant since) {
        return read(h -> ClientInstanceSql.seenSince(h, since));
    }

    @Override
    public boolean reportClientDrift(long projectId, long envId, String instanceId, long revision, AuditRecord event) {
        return write("a client drift event", h -> {
            if (!ClientInstanceSql.markDriftReported(h, projectId, envId, instanceId, revision)) {
                return false;
            }
            auditChain.append(h, event);
            return true;
        });
    }

    @Override
    public int pruneClientInstances(Instant cutoff) {
        return write("client instances", h -> ClientInstanceSql.deleteSilentSince(h, cutoff));
    }
}

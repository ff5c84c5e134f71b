package io.webwaka.config.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The repository of WebWaka Config: projects, environments, revisioned items, principals, tokens
 * and the audit log, over SQLite or PostgreSQL. See the package note for the schema.
 *
 * <p>Thread-safe: every method may be called from any thread; writes of one project are serialised
 * by the database. Methods throw {@link StoreException} (or a subclass) on failure, in which case
 * nothing was written.
 */
public interface ConfigStore extends AutoCloseable {

    /**
     * Opens (and migrates) the store described by {@code settings}, keeping the audit chain without a
     * key (no checkpoints): see {@link #open(StoreSettings, AuditChainSettings)}.
     */
    static ConfigStore open(StoreSettings settings) {
        return open(settings, AuditChainSettings.unsigned());
    }

    /** Which database this store runs on: {@code sqlite} or {@code postgresql}. */
    String vendor();

    /** Whether the database answers. */
    boolean isReachable();

    /**
     * The schema version the database is migrated to (Flyway's latest applied version, e.g. {@code
     * "6"}), or empty if it has none or does not answer.
     */
    Optional<String> schemaVersion();

    /** The schema version this build migrates to: the latest migration it ships. */
    String expectedSchemaVersion();

    /**
     * Reports the connection pool's usage (connections active, idle, pending, acquire and usage
     * times) to {@code factory}, e.g. Hikari's {@code MicrometerMetricsTrackerFactory}. Call at most
     * once per store.
     *
     * @throws IllegalStateException if a tracker was set already
     */
    void trackPoolWith(com.zaxxer.hikari.metrics.MetricsTrackerFactory factory);

    /**
     * Creates a project with its environments and an audit event, atomically.
     *
     * @throws DuplicateKeyException if a project with this key exists
     */
    Project createProject(String key, String name, List<NewEnvironment> environments, AuditRecord audit);

    /** The project with this key, if any. */
    Optional<Project> findProject(String key);

    /** All projects, by key. */
    List<Project> listProjects();

    /** The environments of a project, in promotion order. */
    List<Environment> environments(long projectId);

    /**
     * Adds an environment at the end of the promotion chain, with an audit event.
     *
     * @throws DuplicateKeyException if the project has an environment with this key
     */
    Environment createEnvironment(long projectId, NewEnvironment environment, AuditRecord audit);

    /**
     * Changes an environment's key, name and protection, with an audit event.
     *
     * @throws DuplicateKeyException if the new key is taken in the project
     */
    Environment updateEnvironment(Environment updated, AuditRecord audit);

    /**
     * Commits a change as the project's next revision, with its audit events, atomically.
     *
     * @return the new revision number
     * @throws RevisionConflictException if {@code commit.expectedRevision()} is not the head
     */
    long commit(Commit commit);

    /** For each item and layer, the latest row written at or before {@code revision}. */
    List<ItemVersion> stateAsOf(long projectId, long revision);

    /** The rows written after {@code afterRevision}, in revision order. */
    List<ItemVersion> changesSince(long projectId, long afterRevision);

    /** The rows written by one revision. */
    List<ItemVersion> changesAt(long projectId, long revision);

    /** Up to {@code limit} revisions below {@code beforeRevision} (exclusive), newest first. */
    List<Revision> revisions(long projectId, long beforeRevision, int limit);

    /** One revision, if it exists. */
    Optional<Revision> revision(long projectId, long number);

    /** Adds evaluation counts (summing with what is stored for the same day and variant). */
    void recordFlagUsage(long projectId, java.util.Collection<FlagUsage> usage);

    /** The evaluation counts of a project from {@code sinceDay} (days since the epoch, UTC) on. */
    List<FlagUsage> flagUsage(long projectId, long sinceDay);

    /** Deletes evaluation counts older than {@code beforeDay}; returns how many rows went. */
    int pruneFlagUsage(long beforeDay);

    /** Whether no principal exists yet (a fresh store). */
    boolean hasNoPrincipals();

    /**
     * Creates the first admin with a token, if the store has no principal yet.
     *
     * @return whether it was created (false: a principal already existed, nothing was written)
     */
    boolean bootstrapAdmin(String name, String tokenHash, AuditRecord audit);

    /**
     * Stores a new token hash with an audit event; returns the token's id.
     *
     * @param principalId the account an admin token acts for, or 0 (SDK keys)
     * @param projectId the project an SDK key reads, or 0
     * @param envId the environment an SDK key reads, or 0
     * @param expiresAt when the token expires, or {@code null} for never
     * @param scopes an SDK key's extra rights, comma-separated ({@code secrets}), or empty
     */
    long createToken(
            String tokenHash,
            String kind,
            long principalId,
            long projectId,
            long envId,
            String name,
            java.time.Instant expiresAt,
            String scopes,
            AuditRecord audit);

    /** The token with this id, if any. */
    Optional<Token> token(long id);

    /** The API tokens of an account, oldest first (including revoked and expired ones). */
    List<Token> tokensOf(long principalId);

    /** The SDK keys of a project environment, oldest first (including revoked ones). */
    List<Token> sdkKeys(long projectId, long envId);

    /**
     * Revokes a token with an audit event.
     *
     * @return false if the token does not exist or was already revoked (nothing was written)
     */
    boolean revokeToken(long id, java.time.Instant at, AuditRecord audit);

    /** Records that a token authenticated a request at {@code at}. */
    void touchToken(long id, java.time.Instant at);

    // ---- accounts (users and service accounts) and browser sessions ----

    /**
     * Creates a user or service account with its role bindings and first token, and an audit event,
     * atomically; returns the account id.
     *
     * @throws DuplicateKeyException if an account with this name exists
     */
    long createAccount(NewAccount account, AuditRecord audit);

    /** The account with this name, if any. */
    Optional<Account> findAccount(String name);

    /** The account with this id, if any. */
    Optional<Account> account(long id);

    /** The accounts of one kind ({@link Account#USER} or {@link Account#SERVICE_ACCOUNT}), by name. */
    List<Account> accounts(String kind);

    /** Replaces an account's role bindings, with an audit event. */
    void replaceRoleBindings(long principalId, List<RoleBinding> roles, AuditRecord audit);

    /** Sets an account's password hash (clearing a lockout), with an audit event. */
    void setPassword(long principalId, String passwordHash, AuditRecord audit);

    /** Disables an account, revokes its tokens and ends its sessions, with an audit event. */
    void disableAccount(long principalId, java.time.Instant at, AuditRecord audit);

    /**
     * Counts a failed password login, atomically: failures older than {@code windowStart} no longer
     * count, and reaching {@code maxFailures} locks the account until {@code lockUntil}.
     *
     * @return the account after the update
     */
    Account recordLoginFailure(
            long principalId,
            java.time.Instant at,
            java.time.Instant windowStart,
            int maxFailures,
            java.time.Instant lockUntil);

    /** Clears the failure count after a successful login. */
    void clearLoginFailures(long principalId);

    /** Stores a new browser session, with an audit event (the login). */
    void createSession(Session session, AuditRecord audit);

    /** The session with this id hash, if any (including ended and expired ones). */
    Optional<Session> findSession(String idHash);

    /** Records that a session was used at {@code at} (the idle timeout counts from here). */
    void touchSession(String idHash, java.time.Instant at);

    /**
     * Ends a session (logout), with an audit event.
     *
     * @return false if it does not exist or had ended (nothing was written)
     */
    boolean endSession(String idHash, java.time.Instant at, AuditRecord audit);

    /** The token with this hash, if any (including revoked and expired ones). */
    Optional<Token> findToken(String tokenHash);

    /** The roles bound to a principal. */
    List<RoleBinding> roleBindings(long principalId);

    /** Appends an audit event on its own (security events). */
    void appendAudit(AuditRecord record);

    /** A page of the audit log, newest first (with each event's seq and hashes). */
    List<AuditRecord> audit(AuditQuery query);

    // ---- encryption keys (secrets) ----

    /** Every master key version the store has a check value for, oldest first. */
    List<MasterKeyRecord> masterKeys();

    /**
     * Records a new master key version's check value.
     *
     * @throws DuplicateKeyException if the version exists
     */
    void addMasterKey(MasterKeyRecord key, AuditRecord audit);

    /** Marks a master key version retired, with an audit event; false if unknown or already retired. */
    boolean retireMasterKey(int version, java.time.Instant at, AuditRecord audit);

    /** The data keys of a project, oldest first. */
    List<DataKey> dataKeys(long projectId);

    /** Every data key wrapped by master key version {@code kekVersion}. */
    List<DataKey> dataKeysWrappedBy(int kekVersion);

    /**
     * Stores a new data key.
     *
     * @throws DuplicateKeyException if the project has this version (another node created it first)
     */
    void addDataKey(DataKey key);

    /**
     * Replaces the wrapping of data keys (master key rotation), each only if it is still wrapped by
     * {@code fromKekVersion}; returns how many were replaced. Atomic.
     */
    int rewrapDataKeys(List<DataKey> rewrapped, int fromKekVersion);

    // ---- secret rotation: policies and the scheduler's state (design note: the package documentation) ----

    /** The rotation policy and state of a secret, if it has one. */
    Optional<SecretRotation> secretRotation(SecretRotation.Id id);

    /** The rotation policies of an environment's secrets, by key. */
    List<SecretRotation> secretRotations(long projectId, long envId);

    /**
     * Creates or replaces a secret's rotation policy, with an audit event: the policy and the next
     * due time are replaced and the failure count cleared; a previous value still in its grace
     * period, a pending value and a lease are kept.
     */
    void putSecretRotation(SecretRotation.Id id, String policy, Instant nextDue, Instant at, AuditRecord audit);

    /** Deletes a secret's rotation policy, with an audit event; false if it had none (nothing was written). */
    boolean deleteSecretRotation(SecretRotation.Id id, AuditRecord audit);

    /**
     * Claims up to {@code limit} rotations due at {@code now} whose lease is free or expired, for
     * {@code owner} until {@code leaseUntil}. Each row is claimed by one conditional update, so when
     * several nodes claim at once, each row goes to exactly one of them.
     *
     * @return the claimed rotations, earliest due first
     */
    List<SecretRotation> claimDueSecretRotations(String owner, Instant now, Instant leaseUntil, int limit);

    /** Claims one rotation now, due or not, if its lease is free or expired (else empty). */
    Optional<SecretRotation> claimSecretRotation(SecretRotation.Id id, String owner, Instant now, Instant leaseUntil);

    /**
     * Records a sealed new value before it is applied anywhere, so a retry reuses it.
     *
     * @return false if {@code owner} no longer holds the lease (nothing was written)
     */
    boolean setPendingSecretValue(SecretRotation.Id id, String owner, String sealedValue, Instant at);

    /**
     * Commits a rotated secret's new value (a revision with its audit events) together with the
     * rotation's new state (previous value, next due time, pending value cleared, lease released),
     * atomically.
     *
     * @return the new revision
     * @throws LeaseLostException if {@code success.owner()} no longer holds the lease (nothing was written)
     * @throws RevisionConflictException if the commit's expected revision is not the head
     */
    long commitSecretRotation(Commit commit, SecretRotation.Id id, SecretRotation.Success success);

    /**
     * Records a failed attempt with its audit event, atomically: counts it, schedules the retry at
     * {@code retryAt} and releases the lease (the secret's value is untouched). If {@code owner} lost
     * the lease meanwhile, only the audit event is written.
     */
    void failSecretRotation(
            SecretRotation.Id id, String owner, Instant at, String error, Instant retryAt, AuditRecord audit);

    /** Releases {@code owner}'s lease without recording anything. */
    void releaseSecretRotation(SecretRotation.Id id, String owner);

    // ---- alerting webhooks: receivers, the durable delivery queue, the audit cursor ----

    /** Registers a webhook with its audit event, atomically; returns its id. */
    long createWebhook(Webhook webhook, AuditRecord audit);

    /** Every webhook, by id. */
    List<Webhook> webhooks();

    /** The webhook with this id, if any. */
    Optional<Webhook> webhook(long id);

    /** Replaces a webhook (all but its id and creation), with its audit event; false if unknown. */
    boolean updateWebhook(Webhook webhook, AuditRecord audit);

    /** Deletes a webhook and its deliveries, with its audit event; false if unknown (nothing written). */
    boolean deleteWebhook(long id, AuditRecord audit);

    /** The webhooks whose URL and secret are wrapped by master key version {@code kekVersion}. */
    List<Webhook> webhooksSealedBy(int kekVersion);

    /**
     * Replaces the seals of webhooks (master key rotation), each only if it is still wrapped by
     * {@code fromKekVersion}; returns how many were replaced. Atomic.
     */
    int resealWebhooks(List<Webhook> resealed, int fromKekVersion);

    /** Up to {@code limit} audit events with a seq above {@code afterSeq}, in chain order. */
    List<AuditRecord> auditAfter(long afterSeq, int limit);

    /** The audit seq up to which events were matched against the webhooks. */
    long webhookCursor();

    /**
     * Queues {@code deliveries} and moves the webhook cursor from {@code fromSeq} to {@code toSeq},
     * atomically; false (nothing written) if the cursor is no longer at {@code fromSeq}, because
     * another node matched those events first.
     */
    boolean enqueueWebhookDeliveries(long fromSeq, long toSeq, List<WebhookDelivery.New> deliveries, Instant now);

    /** Queues one delivery due at {@code now} (a test event); returns its id. */
    long enqueueWebhookDelivery(WebhookDelivery.New delivery, Instant now);

    /**
     * Claims up to {@code limit} deliveries due at {@code now} (pending or failed) whose lease is free
     * or expired, for {@code owner} until {@code leaseUntil}; each row goes to one node only.
     */
    List<WebhookDelivery> claimDueWebhookDeliveries(String owner, Instant now, Instant leaseUntil, int limit);

    /** Records an attempt and releases the lease; false if {@code owner} lost it (nothing written). */
    boolean recordWebhookAttempt(long deliveryId, String owner, WebhookDelivery.Attempt attempt);

    /** Queues a delivered or dead delivery again, due at {@code now}; false if it is still open or unknown. */
    boolean redeliverWebhookDelivery(long deliveryId, Instant now);

    /** A webhook's deliveries with an id below {@code beforeId}, newest first. */
    List<WebhookDelivery> webhookDeliveries(long webhookId, long beforeId, int limit);

    /** The delivery with this id, if any. */
    Optional<WebhookDelivery> webhookDelivery(long deliveryId);

    /** How many deliveries are pending or awaiting a retry. */
    long openWebhookDeliveries();

    /** When the newest event of {@code eventType} queued for a webhook happened, if any. */
    Optional<Instant> lastWebhookEventAt(long webhookId, String eventType);

    /**
     * How many audit events with {@code outcome} (of {@code project}, or of any when {@code null})
     * happened at or after {@code since}, up to seq {@code throughSeq}.
     */
    long countAuditEvents(String outcome, String project, Instant since, long throughSeq);

    // ---- The audit chain: tamper evidence, checkpoints, verification, export. ----------------
    // Every method above that writes audit events appends them to one hash chain in the same
    // transaction as the change (design note: the package documentation, "The audit hash chain").

    /**
     * Opens (and migrates) the store described by {@code settings}; its audit chain signs
     * checkpoints with {@code audit}'s key (if any) and tells {@code audit}'s listener about every
     * committed event. Events written before the chain existed (a database from before migration
     * V3) are hashed into it on the first open.
     */
    static ConfigStore open(StoreSettings settings, AuditChainSettings audit) {
        return JdbcConfigStore.open(settings, audit);
    }

    /**
     * Walks the whole audit chain and checks every link, hash and checkpoint (signatures too, if
     * the store was opened with the key). Reads in pages, never holding a transaction open; events
     * committed meanwhile are walked as well.
     *
     * @param progress told the number of events verified so far, every {@value
     *     AuditVerifier#PROGRESS_EVERY} events
     */
    AuditVerification verifyAudit(LongConsumer progress);

    /**
     * Signs the current head of the audit chain, unless a checkpoint at that seq exists already.
     * Servers call it when they start and stop (periodic checkpoints are written with the events).
     *
     * @return the checkpoint at the head; empty for an empty log or a store opened without a key
     */
    Optional<AuditCheckpoint> checkpointAudit();

    /**
     * Hands every audit event with {@code since <= at < until} to {@code each}, in chain order
     * (oldest first). Reads in pages; {@code each} runs outside any database call.
     */
    void exportAudit(Instant since, Instant until, Consumer<AuditRecord> each);
    // ---- delivery: change notifications across server nodes, SDK instance heartbeats ----

    /**
     * Delivers every revision committed to this database, by any process, to {@code listener} until
     * the returned subscription is closed. On PostgreSQL, through {@code LISTEN/NOTIFY} on a
     * dedicated connection that reconnects by itself and asks the listener to {@linkplain
     * ChangeListener#catchUp() catch up} after every (re)connection, the first included. On SQLite
     * only one process writes, so there is nothing to receive: the subscription is inert and the
     * writer notifies its own readers in process.
     */
    ChangeSubscription subscribeToChanges(ChangeListener listener);

    /** Stores an SDK instance's heartbeat, replacing its previous one (its first-seen time is kept). */
    void recordClientInstance(ClientInstance instance);

    /** The latest heartbeat of every instance of a project environment, most recent first. */
    List<ClientInstance> clientInstances(long projectId, long envId);

    /** The latest heartbeat of every instance of every project heard from at or after {@code since}. */
    List<ClientInstance> clientInstancesSeenSince(Instant since);

    /**
     * Records that an instance applying {@code revision} has drifted and appends {@code event} to the
     * audit log, in one transaction, unless a drift of this instance at this revision was recorded
     * before (by this node or another, before a restart or after): each instance raises one drift
     * event per applied revision.
     *
     * @return whether this call recorded it (and appended the event)
     */
    boolean reportClientDrift(long projectId, long envId, String instanceId, long revision, AuditRecord event);

    /** Forgets the instances not heard from since {@code cutoff}; returns how many. */
    int pruneClientInstances(Instant cutoff);

    // ---- backup and restore ----

    /**
     * Hands a consistent snapshot of every table to {@code sink} while the store stays online: on
     * PostgreSQL one {@code REPEATABLE READ} read-only transaction; on SQLite a {@code VACUUM INTO}
     * copy (next to the database file, deleted afterwards) read without blocking writers.
     *
     * @return the schema version the snapshot was taken at and where it ended
     * @throws IOException if the sink fails
     */
    BackupExport exportTables(BackupSink sink) throws IOException;

    /**
     * Like {@link #exportTables}, but of the append-only tables (audit events and checkpoints,
     * revisions, item versions) only the rows past {@code since} ({@linkplain BackupTable#delta()
     * delta} tables); every other table whole.
     */
    BackupExport exportChanges(BackupSink sink, BackupCursors since) throws IOException;

    /**
     * Writes a backup's tables into this store, which must be empty (no projects, principals, tokens
     * or audit events) and at the backup's schema version, in one transaction: on any failure
     * (non-empty target, schema mismatch, unreadable rows) nothing is written. Identity sequences
     * are moved past the restored ids on PostgreSQL.
     *
     * @throws StoreException if the store refuses the backup; the message says why
     * @throws IOException if the source cannot be read
     */
    void importTables(BackupSource source) throws IOException;

    /** Closes the connection pool; in-flight calls finish first. */
    @Override
    void close();
}

package io.webwaka.config.server.rotation;

import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.config.ConfigService;
import io.webwaka.config.server.config.ConfigService.SecretHead;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.server.secrets.SecretException;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.LeaseLostException;
import io.webwaka.config.store.Project;
import io.webwaka.config.store.SecretRotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs secret rotations. Design note:
 *
 * <ol>
 *   <li><b>Claim.</b> A rotation runs only under a lease on its row ({@link
 *       ConfigStore#claimDueSecretRotations}, {@link ConfigStore#claimSecretRotation}): one node
 *       per rotation, even with several nodes polling the same database.
 *   <li><b>Value.</b> A pending value left by an earlier attempt is reused; otherwise the rotator
 *       makes one and it is stored sealed as pending <i>before</i> any target sees it. So when a
 *       target took a value but the commit did not happen (crash, store down), the retry sets the
 *       same value again and stores it: the secret and the target converge.
 *   <li><b>Apply</b> the value to the target ({@code postgresql}: {@code ALTER ROLE}); idempotent.
 *   <li><b>Commit</b> through {@link ConfigService#commitSecret}, the path of a user's write (a new
 *       version, a revision, a {@code secret.rotate} audit event with digests, the in-memory state),
 *       in one transaction with the rotation's new state: the replaced value kept sealed as {@code
 *       previous} for the grace period, the next due time, the lease released. The transaction is
 *       refused if this node lost the lease.
 *   <li><b>Failure</b> anywhere before the commit leaves the stored secret as it was, and records a
 *       {@code secret.rotate} audit event with outcome {@code failed}, the failure count and the
 *       retry time (exponential backoff from 1 minute, at most 1 hour), in one transaction.
 * </ol>
 *
 * <p>Error messages are stored, audited and returned, so any secret value the attempt handled is
 * masked in them. Thread-safe.
 */
public final class SecretRotations {
    /** Who the scheduler acts as in revisions and audit events. */
    public static final Principal SYSTEM =
            new Principal("system:rotation", "server", 0, 0, 0, 0, List.of(), null, false);

    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration RETRY_BASE = Duration.ofMinutes(1);
    static final Duration RETRY_MAX = Duration.ofHours(1);
    private static final int BATCH = 20;
    private static final int MAX_REASON = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SecretRotations.class);

    private final ConfigStore store;
    private final ConfigService service;
    private final SecretBox box;
    private final AuditLog audit;
    private final Clock clock;
    private final String nodeId;
    private final RotationMetrics metrics = new RotationMetrics();
    private final AtomicLong runs = new AtomicLong();

    /** Rotations over a store, committed through {@code service}, as node {@code nodeId}. */
    public SecretRotations(
            ConfigStore store, ConfigService service, SecretBox box, AuditLog audit, Clock clock, String nodeId) {
        this.store = store;
        this.service = service;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** This node's rotation counters. */
    public RotationMetrics metrics() {
        return metrics;
    }

    /**
     * Reports every rotation to {@code sink} as well, as ({@code secret:<rotator>}, {@code success}
     * or {@code failure}): the metrics registry's hook.
     */
    public void reportTo(java.util.function.BiConsumer<String, String> sink) {
        metrics.reportTo(sink);
    }

    Clock clock() {
        return clock;
    }

    /**
     * Claims and runs the rotations due now that no other node is running, one after another.
     *
     * @return how many this node ran (rotated or failed)
     */
    public int runDue() {
        Instant now = clock.instant();
        List<SecretRotation> claimed = store.claimDueSecretRotations(nodeId, now, now.plus(LEASE), BATCH);
        for (SecretRotation row : claimed) {
            run(row, SYSTEM, new AuditLog.Origin(null, "rotation-" + nodeId + "-" + runs.incrementAndGet()));
        }
        return claimed.size();
    }

    /** What one rotation did. */
    record Outcome(Status status, long revision, int version, String reason, Instant nextAttempt) {
        enum Status {
            ROTATED,
            FAILED,
            /** Another node (or request) is rotating it right now. */
            BUSY,
            /** The secret no longer exists; its policy was removed. */
            GONE
        }

        static Outcome of(Status status) {
            return new Outcome(status, 0, 0, null, null);
        }
    }

    /** Rotates one secret now, due or not, on behalf of {@code who}. */
    Outcome rotateNow(SecretRotation.Id id, Principal who, AuditLog.Origin origin) {
        Instant now = clock.instant();
        return store.claimSecretRotation(id, nodeId, now, now.plus(LEASE))
                .map(row -> run(row, who, origin))
                .orElse(Outcome.of(Outcome.Status.BUSY));
    }

    private Outcome run(SecretRotation row, Principal who, AuditLog.Origin origin) {
        SecretRotation.Id id = row.id();
        Optional<SecretHead> head = service.secret(id.projectId(), id.envId(), id.key());
        if (head.isEmpty()) {
            removeOrphan(row, who, origin);
            return Outcome.of(Outcome.Status.GONE);
        }
        Instant now = clock.instant();
        List<String> handled = new ArrayList<>();
        String type = "unknown";
        try {
            RotationPolicy policy = RotationPolicy.fromStored(row.policy());
            type = policy.rotator().type();
            Rotator.Attempt attempt = attempt(head.get(), id, now, handled);
            String value = value(row, policy, head.get(), attempt, handled);
            policy.rotator().apply(attempt, value);
            ConfigService.SecretCommitted c = service.commitSecret(
                    who,
                    origin,
                    id.projectId(),
                    id.envId(),
                    id.key(),
                    value,
                    "secret.rotate",
                    "rotate " + id.key() + " (" + type + ")",
                    (commit, replaced) -> store.commitSecretRotation(commit, id, success(policy, replaced, now)));
            metrics.succeeded(type);
            LOG.info(
                    "rotated secret {}/{}/{} to version {} ({})",
                    head.get().project(),
                    head.get().environment(),
                    id.key(),
                    c.version(),
                    type);
            return new Outcome(Outcome.Status.ROTATED, c.revision(), c.version(), null, null);
        } catch (LeaseLostException e) {
            LOG.warn("rotation of {}: {}", id.key(), e.getMessage());
            return Outcome.of(Outcome.Status.BUSY);
        } catch (RuntimeException e) {
            return fail(row, head.get(), who, origin, now, type, scrub(reason(e), handled));
        }
    }

    private Rotator.Attempt attempt(SecretHead head, SecretRotation.Id id, Instant now, List<String> handled) {
        String rotationId = head.project() + "/" + head.environment() + "/" + id.key() + "/v" + (head.version() + 1);
        return new Rotator.Attempt(
                head.project(), head.environment(), id.key(), head.version(), rotationId, now, key -> {
                    SecretHead other = service.secret(id.projectId(), id.envId(), key)
                            .orElseThrow(() -> new RotationException("secret '" + key
                                    + "' named by the rotation policy does not exist in " + head.environment()));
                    String plaintext = box.open(id.projectId(), id.envId(), key, other.sealed());
                    handled.add(plaintext);
                    return plaintext;
                });
    }

    /** The pending value of an earlier attempt, or a new one, stored as pending before it is applied. */
    private String value(
            SecretRotation row, RotationPolicy policy, SecretHead head, Rotator.Attempt attempt, List<String> handled) {
        SecretRotation.Id id = row.id();
        if (row.pendingValue() != null) {
            String pending = box.open(id.projectId(), id.envId(), id.key(), Json.parseStored(row.pendingValue()));
            handled.add(pending);
            return pending;
        }
        String value = policy.rotator().newValue(attempt);
        handled.add(value);
        String sealedValue =
                box.seal(id.projectId(), id.envId(), id.key(), head.version() + 1, value, audit.digest(value));
        if (!store.setPendingSecretValue(id, nodeId, sealedValue, clock.instant())) {
            throw new LeaseLostException("secret '" + id.key() + "'");
        }
        return value;
    }

    private SecretRotation.Success success(RotationPolicy policy, SecretHead replaced, Instant now) {
        boolean grace = !policy.gracePeriod().isZero();
        return new SecretRotation.Success(
                nodeId,
                now,
                grace ? Json.write(replaced.sealed()) : null,
                grace ? now.plus(policy.gracePeriod()) : null,
                policy.schedule().next(now));
    }

    private Outcome fail(
            SecretRotation row,
            SecretHead head,
            Principal who,
            AuditLog.Origin origin,
            Instant now,
            String type,
            String reason) {
        int failures = row.failures() + 1;
        Instant retry = retryAt(now, failures);
        store.failSecretRotation(
                row.id(),
                nodeId,
                now,
                reason,
                retry,
                audit.failed(
                        origin,
                        who,
                        "secret.rotate",
                        head.project(),
                        head.environment(),
                        row.id().key(),
                        reason));
        metrics.failed(type);
        LOG.warn(
                "rotation of secret {}/{}/{} failed (attempt {}); the stored value is unchanged; next attempt at {}:"
                        + " {}",
                head.project(),
                head.environment(),
                row.id().key(),
                failures,
                retry,
                reason);
        return new Outcome(Outcome.Status.FAILED, 0, head.version(), reason, retry);
    }

    /** The retry time after the {@code failures}-th consecutive failure: 1m, 2m, 4m … at most 1h. */
    static Instant retryAt(Instant now, int failures) {
        Duration delay = RETRY_BASE.multipliedBy(1L << Math.min(failures - 1, 20));
        return now.plus(delay.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : delay);
    }

    private void removeOrphan(SecretRotation row, Principal who, AuditLog.Origin origin) {
        SecretRotation.Id id = row.id();
        Optional<Project> project = store.listProjects().stream()
                .filter(p -> p.id() == id.projectId())
                .findFirst();
        String env = project.stream()
                .flatMap(p -> store.environments(p.id()).stream())
                .filter(e -> e.id() == id.envId())
                .map(Environment::key)
                .findFirst()
                .orElse(null);
        store.deleteSecretRotation(
                id,
                audit.change(
                        origin,
                        who,
                        "secret.rotation.delete",
                        project.map(Project::key).orElse(null),
                        env,
                        id.key(),
                        row.policy(),
                        "the secret was deleted, so its rotation policy was removed"));
        LOG.info("secret {} was deleted; its rotation policy was removed", id.key());
    }

    private static String reason(RuntimeException e) {
        if (e instanceof RotationException || e instanceof SecretException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Masks every secret value the attempt handled, and caps the length. */
    static String scrub(String reason, List<String> handled) {
        String out = reason == null ? "unknown error" : reason;
        for (String secret : handled) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "[secret]");
            }
        }
        return out.length() > MAX_REASON ? out.substring(0, MAX_REASON) + "…" : out;
    }
}

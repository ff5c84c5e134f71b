package io.webwaka.config.server.audit;

import io.javalin.http.Context;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.internal.RequestIds;
import io.webwaka.config.store.AuditKey;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Project;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds audit events from requests. Change events are handed to the store with the change (same
 * transaction); security events (denials, bad tokens) are written on their own. Secret values never
 * reach an event in plaintext: put their {@link #digest} in {@code before} and {@code after}.
 * Thread-safe.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final ConfigStore store;
    private final AuditKey key;
    private final Consumer<String> securityEvents;

    /** An audit log over a store; {@code key} digests secret values (see {@link #digest}). */
    public AuditLog(ConfigStore store, AuditKey key) {
        this(store, key, type -> {});
    }

    /**
     * An audit log that also tells {@code securityEvents} the action of every security event it
     * writes (denials, failed logins, bad tokens), for the metrics. It must be quick and not throw.
     */
    public AuditLog(ConfigStore store, AuditKey key, Consumer<String> securityEvents) {
        this.store = Objects.requireNonNull(store, "store");
        this.key = Objects.requireNonNull(key, "key");
        this.securityEvents = Objects.requireNonNull(securityEvents, "securityEvents");
    }

    /**
     * Where a change came from: a request's source address and id, or the server's own work
     * (rotations) with no address.
     *
     * @param source the source address, or {@code null} for the server itself
     * @param requestId the request id (or an id of the server's own task)
     */
    public record Origin(String source, String requestId) {
        /** The origin of a request. */
        public static Origin of(Context ctx) {
            return new Origin(ctx.ip(), RequestIds.of(ctx));
        }
    }

    /** A change event (not yet written: pass it to the store with the change). */
    public AuditRecord change(
            Context ctx,
            Principal who,
            String action,
            String project,
            String env,
            String key,
            String before,
            String after) {
        return change(Origin.of(ctx), who, action, project, env, key, before, after);
    }

    /** A change event from {@code origin} (not yet written: pass it to the store with the change). */
    public AuditRecord change(
            Origin origin,
            Principal who,
            String action,
            String project,
            String env,
            String key,
            String before,
            String after) {
        return new AuditRecord(
                0,
                Instant.now(),
                who.name(),
                who.auth(),
                origin.source(),
                origin.requestId(),
                action,
                project,
                env,
                key,
                "success",
                before,
                after,
                0);
    }

    /** An event for an action that was attempted and failed on the server's side (outcome {@code failed}). */
    public AuditRecord failed(
            Context ctx, Principal who, String action, String project, String env, String key, String reason) {
        return failed(Origin.of(ctx), who, action, project, env, key, reason);
    }

    /** A {@code failed} event from {@code origin}; {@code reason} must not contain a secret value. */
    public AuditRecord failed(
            Origin origin, Principal who, String action, String project, String env, String key, String reason) {
        return new AuditRecord(
                0,
                Instant.now(),
                who.name(),
                who.auth(),
                origin.source(),
                origin.requestId(),
                action,
                project,
                env,
                key,
                "failed",
                null,
                reason,
                0);
    }

    /** An event of the server itself (startup, key checks), not caused by a request. */
    public static AuditRecord system(String action, String after) {
        return new AuditRecord(
                0, Instant.now(), "system", "server", null, null, action, null, null, null, "success", null, after, 0);
    }

    /**
     * The audit form of a secret value: {@code hmac-sha256:<64 hex digits>}, an HMAC-SHA256 under a
     * sub-key of the server's audit key (as Vault's audit device does). Equal values give equal
     * digests, so an auditor can tell whether a secret changed, or whether two environments hold
     * the same one, without learning it.
     */
    public String digest(String secretValue) {
        return key.digest(secretValue);
    }

    /** Writes a denied-access security event. */
    public void denied(Context ctx, Principal who, String action, Project project, Environment environment) {
        write(new AuditRecord(
                0,
                Instant.now(),
                who.name(),
                who.auth(),
                ctx.ip(),
                RequestIds.of(ctx),
                action,
                project == null ? null : project.key(),
                environment == null ? null : environment.key(),
                null,
                "denied",
                null,
                null,
                0));
    }

    /** Writes an authentication security event (bad, revoked or misused token). */
    public void security(Context ctx, String actor, String action) {
        write(new AuditRecord(
                0,
                Instant.now(),
                actor,
                "token",
                ctx.ip(),
                RequestIds.of(ctx),
                action,
                null,
                null,
                null,
                "denied",
                null,
                null,
                0));
    }

    private void write(AuditRecord record) {
        securityEvents.accept(record.action());
        try {
            store.appendAudit(record);
        } catch (RuntimeException e) {
            // A security event that cannot be written must not turn a 401/403 into a 500.
            LOG.error("could not write security event {} for {}", record.action(), record.actor(), e);
        }
    }
}

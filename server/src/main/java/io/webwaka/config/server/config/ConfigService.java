package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.internal.RequestIds;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.Commit;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.ItemWrite;
import io.webwaka.config.store.RevisionConflictException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The write path of configs: validates a change set against the project's head state, turns it
 * into item rows and audit events, commits them as one revision, and refreshes the in-memory state.
 * Thread-safe: writers of one project are serialised by its lock.
 *
 * <p><b>Design note: why this file is long.</b> Every path that commits items (change sets,
 * single-item writes, rollback, secret rotation, data key re-encryption) goes through here because they
 * share one sequence under the project lock: refresh the head, check the expected revision, plan
 * writes and audit events, validate (flags, schemas), commit, refresh the registry. Validation rules
 * live elsewhere ({@code ChangeSets}, {@code FlagValidation}, {@code SchemaValidation},
 * {@code Rollbacks}); what remains here is that sequence and the per-kind planning.
 */
public final class ConfigService {
    private final ConfigStore store;
    private final Registry registry;
    private final AuditLog audit;
    private final SecretBox secrets;

    /** A service over a store, its registry and the audit log. */
    public ConfigService(ConfigStore store, Registry registry, AuditLog audit, SecretBox secrets) {
        this.store = store;
        this.registry = registry;
        this.audit = audit;
        this.secrets = secrets;
    }

    /** The result of a commit: the new revision and the state after it. */
    record Committed(long revision, ProjectState state) {}

    /** Validates and commits a change set as one revision. */
    Committed apply(Context ctx, Principal who, String projectKey, ChangeSets.Request request) {
        String outcome = "error";
        try {
            Committed done = apply(ctx, who, projectKey, request, true);
            outcome = "committed";
            return done;
        } catch (ApiException e) {
            outcome = e.status() == 409 ? "conflict" : "invalid";
            throw e;
        } finally {
            count(projectKey, request.ops(), outcome);
        }
    }

    /** Counts each op; labels come from known projects, environments and kinds only (bounded series). */
    private void count(String projectKey, List<ChangeOp> ops, String outcome) {
        Registry.Holder holder = registry.known(projectKey);
        if (holder == null) {
            return; // a 404: no project, no change
        }
        ProjectState state = holder.state;
        for (ChangeOp op : ops) {
            String env = op.environment() == null
                    ? "default"
                    : state.environments().stream().anyMatch(e -> e.key().equals(op.environment()))
                            ? op.environment()
                            : "unknown";
            String kind = ChangeSets.KINDS.contains(op.kind()) ? op.kind() : "unknown";
            registry.events().change(projectKey, env, kind, outcome);
        }
    }

    /**
     * Validates a change set exactly as {@link #apply} does and, if {@code commit}, commits it;
     * otherwise (a dry run) returns the unchanged state at its head revision.
     */
    Committed apply(Context ctx, Principal who, String projectKey, ChangeSets.Request request, boolean commit) {
        Registry.Holder holder = registry.holder(projectKey);
        holder.lock.lock();
        try {
            ProjectState state = registry.refresh(holder);
            checkExpected(request.expectedRevision(), state.head());
            List<ItemWrite> writes = new ArrayList<>();
            List<AuditRecord> events = new ArrayList<>();
            List<FieldError> errors = new ArrayList<>(request.problems());
            Set<String> touched = new HashSet<>();
            for (ChangeOp op : request.ops()) {
                plan(ctx, who, state, op, touched, writes, events, errors);
            }
            // Flag documents are checked even when other ops failed, so every problem is listed at once.
            errors.addAll(FlagValidation.problems(state, writes, request.ops()));
            SchemaValidation.Outcome schemas = SchemaValidation.check(state, writes, request.ops(), request.force());
            errors.addAll(schemas.errors());
            if (!errors.isEmpty()) {
                throw invalid(request, errors);
            }
            if (!commit) {
                return new Committed(state.head(), state);
            }
            auditForced(ctx, who, projectKey, schemas, events);
            return commit(holder, who, ctx, request.expectedRevision(), request.message(), writes, events);
        } finally {
            holder.lock.unlock();
        }
    }

    /**
     * A secret as this node holds it, after catching up with the store.
     *
     * @param project the project's key
     * @param environment the environment's key
     * @param version the secret's version
     * @param sealed the stored (sealed) value
     * @param revision the revision that wrote it
     */
    public record SecretHead(String project, String environment, int version, JsonNode sealed, long revision) {}

    /**
     * The current value of a secret, if its project, environment and a set value exist. Reads the
     * state after catching up with the store (another node may have changed it).
     */
    public Optional<SecretHead> secret(long projectId, long envId, String key) {
        Optional<Registry.Holder> holder = registry.holder(projectId);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        holder.get().lock.lock();
        try {
            ProjectState state = registry.refresh(holder.get());
            return head(state, envId, key);
        } finally {
            holder.get().lock.unlock();
        }
    }

    private static Optional<SecretHead> head(ProjectState state, long envId, String key) {
        Optional<Environment> env =
                state.environments().stream().filter(e -> e.id() == envId).findFirst();
        Layers.Entry entry = state.items().secrets().entry(envId, key);
        if (env.isEmpty() || entry == null || entry.state() != ItemState.SET) {
            return Optional.empty();
        }
        return Optional.of(new SecretHead(
                state.project().key(),
                env.get().key(),
                SecretBox.versionOf(entry.value()),
                entry.value(),
                entry.revision()));
    }

    /** Commits the change {@link #commitSecret} planned, e.g. together with a rotation's state. */
    @FunctionalInterface
    public interface SecretCommitter {
        /**
         * Commits {@code commit} and returns its revision.
         *
         * @param replaced the head the commit replaces (its sealed value is still readable from it)
         */
        long commit(Commit commit, SecretHead replaced);
    }

    /** What {@link #commitSecret} committed: the revision, the new version and its keyed digest. */
    public record SecretCommitted(long revision, int version, String digest) {}

    /**
     * Writes a new value of an existing secret on the server's own behalf (a rotation), through the
     * same path as a user's write: sealed with the next version, a revision with an audit event
     * {@code action} (keyed digests only), and the in-memory state refreshed so snapshots see it.
     * A concurrent commit on another node is retried on the new head.
     *
     * @param committer commits the planned {@link Commit} (for example with the rotation state, in one
     *     transaction); exceptions it throws propagate and nothing is written
     * @throws ApiException 404 if the secret does not exist (any more)
     */
    public SecretCommitted commitSecret(
            Principal who,
            AuditLog.Origin origin,
            long projectId,
            long envId,
            String key,
            String plaintext,
            String action,
            String message,
            SecretCommitter committer) {
        Registry.Holder holder = registry.holder(projectId)
                .orElseThrow(() -> ApiException.notFound("project " + projectId + " does not exist"));
        holder.lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                ProjectState state = registry.refresh(holder);
                SecretHead current = head(state, envId, key)
                        .orElseThrow(() -> ApiException.notFound("secret '" + key + "' does not exist"));
                int version = current.version() + 1;
                String digest = audit.digest(plaintext);
                String sealed = secrets.seal(projectId, envId, key, version, plaintext, digest);
                ItemWrite write = new ItemWrite(SecretBox.KIND, envId, key, ItemState.SET, sealed, null);
                AuditRecord event = audit.change(
                        origin,
                        who,
                        action,
                        current.project(),
                        current.environment(),
                        key,
                        SecretBox.digestOf(current.sealed()),
                        digest);
                Commit commit = new Commit(
                        projectId,
                        state.head(),
                        who.name(),
                        message,
                        origin.requestId(),
                        List.of(write),
                        List.of(event));
                try {
                    long revision = committer.commit(commit, current);
                    registry.refresh(holder);
                    return new SecretCommitted(revision, version, digest);
                } catch (RevisionConflictException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } finally {
            holder.lock.unlock();
        }
    }

    /** Rolls one environment back: a new revision whose content there equals revision {@code to}'s. */
    Committed rollback(
            Context ctx, Principal who, String projectKey, String envKey, long to, long expected, String message) {
        Registry.Holder holder = registry.holder(projectKey);
        holder.lock.lock();
        try {
            ProjectState state = registry.refresh(holder);
            checkExpected(expected, state.head());
            Environment env = History.environment(state, envKey);
            if (to < 0 || to > state.head()) {
                throw ApiException.invalid(
                        "toRevision",
                        "revision " + to + " does not exist; project '" + projectKey + "' has revisions 0 to "
                                + state.head());
            }
            Items target = Items.of(store.stateAsOf(state.project().id(), to));
            List<ItemWrite> writes = new ArrayList<>(Rollbacks.plan(state.layers(), target.configs(), env.id()));
            List<ItemWrite> targeting = Rollbacks.plan(state.items().targeting(), target.targeting(), env.id());
            // Targeting of flags deleted since cannot come back without the flag: skip it.
            targeting.removeIf(
                    w -> w.state() == ItemState.SET && !state.items().flags().hasDefault(w.key()));
            writes.addAll(targeting);
            List<ItemWrite> secretWrites = Rollbacks.plan(state.items().secrets(), target.secrets(), env.id());
            writes.addAll(secretWrites);
            List<AuditRecord> events = new ArrayList<>();
            Map<String, JsonNode> before = state.layers().effective(env.id());
            Map<String, JsonNode> after = target.configs().effective(env.id());
            Map<String, JsonNode> targetingBefore = state.items().targeting().effective(env.id());
            Map<String, JsonNode> targetingAfter = target.targeting().effective(env.id());
            for (ItemWrite w : writes) {
                if (SecretBox.KIND.equals(w.kind())) {
                    Layers.Entry was = state.items().secrets().entry(env.id(), w.key());
                    Layers.Entry will = target.secrets().entry(env.id(), w.key());
                    events.add(audit.change(
                            ctx,
                            who,
                            "secret.rollback",
                            projectKey,
                            env.key(),
                            w.key(),
                            was == null || !was.present() ? null : SecretBox.digestOf(was.value()),
                            will == null || !will.present() ? null : SecretBox.digestOf(will.value())));
                    continue;
                }
                boolean config = Layers.KIND.equals(w.kind());
                events.add(audit.change(
                        ctx,
                        who,
                        w.kind() + ".rollback",
                        projectKey,
                        env.key(),
                        w.key(),
                        text((config ? before : targetingBefore).get(w.key())),
                        text((config ? after : targetingAfter).get(w.key()))));
            }
            List<FieldError> problems = new ArrayList<>(FlagValidation.problems(state, writes, List.of()));
            problems.addAll(
                    SchemaValidation.check(state, writes, List.of(), false).errors());
            if (!problems.isEmpty()) {
                throw ApiException.invalid(
                        "rolling " + env.key() + " back to revision " + to + " would restore values or flag"
                                + " targeting that no longer fit the current schemas, flag definitions or segments;"
                                + " nothing was written",
                        problems);
            }
            String msg = message.isEmpty() ? "roll " + env.key() + " back to revision " + to : message;
            Committed done = commit(holder, who, ctx, expected, msg, writes, events);
            writes.forEach(w -> registry.events().change(projectKey, env.key(), w.kind(), "committed"));
            return done;
        } finally {
            holder.lock.unlock();
        }
    }

    /**
     * Data key rotation, step two: re-encrypts up to {@code batchSize} current secret values of the
     * project that are not under its newest data key, as one revision (values, versions and digests
     * unchanged). Returns how many it moved; 0 means every current value is under the newest key. Each
     * batch commits on its own, so an interrupted rotation resumes where it stopped. Older revisions
     * keep their rows under the older data keys, which stay readable.
     */
    int reencryptSecrets(Context ctx, Principal who, String projectKey, int batchSize) {
        Registry.Holder holder = registry.holder(projectKey);
        holder.lock.lock();
        try {
            ProjectState state = registry.refresh(holder);
            long projectId = state.project().id();
            int newest = secrets.currentDataKeyVersion(projectId);
            List<ItemWrite> writes = new ArrayList<>();
            List<AuditRecord> events = new ArrayList<>();
            for (Environment env : state.environments()) {
                for (Map.Entry<String, Layers.Entry> e : CompiledSnapshot.live(
                                state.items().secrets().layer(env.id()))
                        .entrySet()) {
                    if (writes.size() >= batchSize) {
                        break;
                    }
                    JsonNode stored = e.getValue().value();
                    if (SecretBox.dataKeyOf(stored) == newest) {
                        continue;
                    }
                    String resealed = secrets.reseal(projectId, env.id(), e.getKey(), stored);
                    writes.add(new ItemWrite(SecretBox.KIND, env.id(), e.getKey(), ItemState.SET, resealed, null));
                    String digest = SecretBox.digestOf(stored);
                    events.add(audit.change(
                            ctx, who, "secret.reencrypt", projectKey, env.key(), e.getKey(), digest, digest));
                }
            }
            if (writes.isEmpty()) {
                return 0;
            }
            commit(
                    holder,
                    who,
                    ctx,
                    state.head(),
                    "re-encrypt " + writes.size() + " secrets with data key " + newest,
                    writes,
                    events);
            return writes.size();
        } finally {
            holder.lock.unlock();
        }
    }

    /** How many current secret values of the project are not under its newest data key. */
    int secretsToReencrypt(String projectKey) {
        ProjectState state = registry.state(projectKey);
        int newest = secrets.currentDataKeyVersion(state.project().id());
        int n = 0;
        for (Environment env : state.environments()) {
            for (Layers.Entry e : CompiledSnapshot.live(state.items().secrets().layer(env.id()))
                    .values()) {
                if (SecretBox.dataKeyOf(e.value()) != newest) {
                    n++;
                }
            }
        }
        return n;
    }

    /** A forced schema change is audited with the violations it let through, one event per schema. */
    private void auditForced(
            Context ctx, Principal who, String project, SchemaValidation.Outcome o, List<AuditRecord> events) {
        o.forced()
                .forEach((key, violations) -> events.add(
                        audit.change(ctx, who, "schema.force", project, null, key, null, Json.write(violations))));
    }

    private Committed commit(
            Registry.Holder holder,
            Principal who,
            Context ctx,
            long expected,
            String message,
            List<ItemWrite> writes,
            List<AuditRecord> events) {
        long projectId = holder.state.project().id();
        try {
            long revision = store.commit(
                    new Commit(projectId, expected, who.name(), message, RequestIds.of(ctx), writes, events));
            return new Committed(revision, registry.refresh(holder));
        } catch (RevisionConflictException e) {
            registry.refresh(holder);
            throw conflict(e.expected(), e.current());
        }
    }

    /** One 422 listing every problem in op order; a single-item request gets its own wording. */
    private static ApiException invalid(ChangeSets.Request request, List<FieldError> errors) {
        List<FieldError> sorted = new ArrayList<>(errors);
        sorted.sort(java.util.Comparator.comparingInt(ConfigService::opIndex));
        if (request.single()) {
            List<FieldError> plain = new ArrayList<>();
            sorted.forEach(e -> plain.add(new FieldError(e.field().replaceFirst("^ops\\[0\\]\\.", ""), e.message())));
            return ApiException.invalid(plain.get(0).message() + "; nothing was written", plain);
        }
        return ApiException.invalid(
                "the change set is invalid (" + sorted.size() + " problem" + (sorted.size() == 1 ? "" : "s")
                        + "); nothing was written",
                sorted);
    }

    private static int opIndex(FieldError e) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^ops\\[(\\d+)]").matcher(e.field());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void checkExpected(long expected, long head) {
        if (expected != Commit.ANY_REVISION && expected != head) {
            throw conflict(expected, head);
        }
    }

    private static ApiException conflict(long expected, long current) {
        return ApiException.conflict(
                "the change was based on revision " + expected + " but the project is at revision "
                        + current + "; nothing was written. Re-read, re-apply your change and send expectedRevision "
                        + current,
                Map.of("currentRevision", current, "expectedRevision", expected));
    }

    private void plan(
            Context ctx,
            Principal who,
            ProjectState state,
            ChangeOp op,
            Set<String> touched,
            List<ItemWrite> writes,
            List<AuditRecord> events,
            List<FieldError> errors) {
        int before = errors.size();
        if (!(Layers.SCHEMA.equals(op.kind()) && SchemaValidation.PROJECT.equals(op.key()))) {
            Keys.itemKeyProblem(op.key()).ifPresent(p -> errors.add(new FieldError(op.field("key"), p)));
        }
        Environment env = null;
        if (op.environment() != null) {
            env = state.environment(op.environment()).orElse(null);
            if (env == null) {
                errors.add(new FieldError(
                        op.field("environment"),
                        "environment '" + op.environment() + "' does not exist in project '"
                                + state.project().key() + "'"));
            }
        }
        if (errors.size() > before) {
            return;
        }
        if (!touched.add(op.kind() + "/" + op.target())) {
            errors.add(new FieldError(
                    op.field("key"),
                    "another operation of this change set already changes " + op.kind() + " " + op.target()
                            + "; combine them"));
            return;
        }
        if (conflictsWithDeleteEverywhere(op, touched)) {
            errors.add(new FieldError(
                    op.field("key"),
                    "this change set both deletes " + family(op.kind()) + " '" + op.key() + "' everywhere and"
                            + " changes it in an environment; do one or the other"));
            return;
        }
        if (env == null) {
            planProjectWide(ctx, who, state, op, writes, events, errors);
        } else {
            planEnvironment(ctx, who, state, env, op, writes, events, errors);
        }
    }

    /** Configs and their overrides, flags and their targeting: deleting the first deletes the second. */
    private static String family(String kind) {
        return Layers.TARGETING.equals(kind) ? Layers.FLAG : kind;
    }

    /** The kind whose environment rows go with a project-wide item of {@code kind}, if any. */
    private static String environmentKind(String kind) {
        return switch (kind) {
            case Layers.KIND -> Layers.KIND;
            case Layers.FLAG -> Layers.TARGETING;
            default -> null;
        };
    }

    /** A project-wide delete removes the environment rows too, so it cannot share a change set with them. */
    private static boolean conflictsWithDeleteEverywhere(ChangeOp op, Set<String> touched) {
        String everywhere = "\u0000delete-everywhere/" + family(op.kind()) + "/" + op.key();
        String inEnvironment = "\u0000in-environment/" + family(op.kind()) + "/" + op.key();
        if (op.environment() == null && !op.isSet()) {
            touched.add(everywhere);
            return touched.contains(inEnvironment);
        }
        if (op.environment() != null) {
            touched.add(inEnvironment);
            return touched.contains(everywhere);
        }
        return false;
    }

    private void planProjectWide(
            Context ctx,
            Principal who,
            ProjectState state,
            ChangeOp op,
            List<ItemWrite> writes,
            List<AuditRecord> events,
            List<FieldError> errors) {
        String kind = op.kind();
        Layers layers = state.items().of(kind);
        Layers.Entry current = layers.entry(0, op.key());
        String before = current != null && current.state() == ItemState.SET ? current.text() : null;
        String project = state.project().key();
        if (op.isSet()) {
            // A description left out keeps the current one; an empty one removes it.
            String description = !Layers.KIND.equals(kind)
                    ? null
                    : op.description() != null
                            ? (op.description().isEmpty() ? null : op.description())
                            : current != null && current.present() ? current.description() : null;
            String text = Json.write(op.value());
            writes.add(new ItemWrite(kind, 0, op.key(), ItemState.SET, text, description));
            events.add(audit.change(ctx, who, kind + ".set", project, null, op.key(), before, text));
            return;
        }
        boolean anyInEnvironment = false;
        String envKind = environmentKind(kind);
        for (Environment env : envKind == null ? List.<Environment>of() : state.environments()) {
            Layers.Entry o = state.items().of(envKind).entry(env.id(), op.key());
            if (o != null && o.present()) {
                anyInEnvironment = true;
                writes.add(new ItemWrite(envKind, env.id(), op.key(), ItemState.DELETED, null, null));
                events.add(audit.change(ctx, who, envKind + ".delete", project, env.key(), op.key(), o.text(), null));
            }
        }
        if (before == null && !anyInEnvironment) {
            errors.add(new FieldError(op.field("key"), kind + " '" + op.key() + "' does not exist"));
            return;
        }
        if (current != null && current.present()) {
            writes.add(new ItemWrite(kind, 0, op.key(), ItemState.DELETED, null, null));
            events.add(audit.change(ctx, who, kind + ".delete", project, null, op.key(), before, null));
        }
    }

    private void planEnvironment(
            Context ctx,
            Principal who,
            ProjectState state,
            Environment env,
            ChangeOp op,
            List<ItemWrite> writes,
            List<AuditRecord> events,
            List<FieldError> errors) {
        if (op.description() != null) {
            errors.add(new FieldError(
                    op.field("description"),
                    "descriptions belong to the project-wide config; leave out \"environment\" to set one"));
            return;
        }
        String kind = op.kind();
        Layers.Entry current = state.items().of(kind).entry(env.id(), op.key());
        String before = current != null && current.state() == ItemState.SET ? current.text() : null;
        String project = state.project().key();
        if (SecretBox.KIND.equals(kind)) {
            // Secrets are sealed before they reach a row; the audit event holds keyed digests only.
            before = current != null && current.state() == ItemState.SET ? SecretBox.digestOf(current.value()) : null;
            if (op.isSet()) {
                String plaintext = op.value().asText();
                String digest = audit.digest(plaintext);
                int version = (current == null ? 0 : SecretBox.versionOf(current.value())) + 1;
                String sealed = secrets.seal(state.project().id(), env.id(), op.key(), version, plaintext, digest);
                writes.add(new ItemWrite(kind, env.id(), op.key(), ItemState.SET, sealed, null));
                events.add(audit.change(ctx, who, "secret.set", project, env.key(), op.key(), before, digest));
                return;
            }
        }
        if (op.isHide()) {
            Layers.Entry def = state.items().of(kind).entry(0, op.key());
            // The project-wide value may also be set by an earlier operation of this change set.
            boolean setHere = writes.stream()
                    .anyMatch(w -> w.kind().equals(kind)
                            && w.envId() == 0
                            && w.key().equals(op.key())
                            && w.state() == ItemState.SET);
            if (!setHere && (def == null || def.state() != ItemState.SET)) {
                errors.add(new FieldError(
                        op.field("key"),
                        "config '" + op.key() + "' has no project-wide value to hide in '" + env.key() + "'"));
            } else if (current != null && current.state() == ItemState.HIDDEN) {
                errors.add(new FieldError(
                        op.field("key"), "config '" + op.key() + "' is already hidden in '" + env.key() + "'"));
            } else {
                writes.add(new ItemWrite(kind, env.id(), op.key(), ItemState.HIDDEN, null, null));
                events.add(audit.change(ctx, who, kind + ".hide", project, env.key(), op.key(), before, null));
            }
            return;
        }
        if (op.isSet()) {
            String text = Json.write(op.value());
            writes.add(new ItemWrite(kind, env.id(), op.key(), ItemState.SET, text, null));
            events.add(audit.change(ctx, who, kind + ".set", project, env.key(), op.key(), before, text));
        } else if (current == null || !current.present()) {
            errors.add(new FieldError(
                    op.field("key"),
                    "environment '" + env.key() + "' has no " + (Layers.KIND.equals(kind) ? "override" : kind)
                            + " for '" + op.key() + "'"));
        } else {
            writes.add(new ItemWrite(kind, env.id(), op.key(), ItemState.DELETED, null, null));
            events.add(audit.change(ctx, who, kind + ".delete", project, env.key(), op.key(), before, null));
        }
    }

    private static String text(JsonNode node) {
        return node == null ? null : Json.write(node);
    }
}

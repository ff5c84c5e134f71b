package io.webwaka.config.server.access;

/**
 * Every action of the admin API that access control decides on: the rows of the permission table
 * in the README, which {@link Roles#TABLE} enforces and a test compares with the README. Which
 * route needs which permission, at which scope, is declared where the route is registered ({@link
 * SecuredRoutes}).
 */
public enum Permission {
    /** Read projects, environments, configs, revisions, snapshots and diffs. */
    READ_CONFIG(true),
    /** Set or delete configs, commit change sets of configs. */
    WRITE_CONFIG(false),
    /** Roll an environment back to an earlier revision. */
    ROLLBACK(false),
    /** Read flags, targeting and segments, evaluate flags, list stale flags. */
    READ_FLAGS(true),
    /** Define, change, archive or delete flags, their targeting and segments. */
    WRITE_FLAGS(false),
    /** List secrets by name and metadata (values masked). */
    READ_SECRETS(true),
    /** Set or delete secrets. */
    WRITE_SECRET(false),
    /** Reveal a secret's value (audited). */
    REVEAL_SECRET(false),
    /** Create projects; add, rename or protect environments. */
    MANAGE_ENVIRONMENTS(false),
    /** Manage users, service accounts, their roles and tokens, and SDK keys. */
    MANAGE_ACCESS(false),
    /** Read, verify and export the audit log. */
    READ_AUDIT(true),
    /** Rotate and retire encryption keys. */
    MANAGE_KEYS(false),
    /** Take and restore backups. */
    BACKUP(false),
    /** Register, change and test alerting webhooks; read their deliveries. */
    MANAGE_WEBHOOKS(false);

    private final boolean read;

    Permission(boolean read) {
        this.read = read;
    }

    /** Whether this only reads (an environment-scoped role grants project-wide reads). */
    public boolean isRead() {
        return read;
    }

    /** Whether this changes an environment's content (needs a project or environment role when protected). */
    public boolean isChange() {
        return this == WRITE_CONFIG || this == ROLLBACK || this == WRITE_FLAGS || this == WRITE_SECRET;
    }
}

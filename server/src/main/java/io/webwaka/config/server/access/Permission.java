package io.webwaka.config.server.access;

/**
 * Every action of the admin and client APIs that access control decides on. The role table (which
 * role may do what) is {@link Roles}; every check goes through {@link AccessControl#require}.
 */
public enum Permission {
    /** Read projects, environments, configs, revisions, snapshots and diffs. */
    READ_CONFIG,
    /** Set or delete configs, commit change sets. */
    WRITE_CONFIG,
    /** Roll an environment back to an earlier revision. */
    ROLLBACK,
    /** Create projects, add, rename or protect environments. */
    MANAGE_ENVIRONMENTS,
    /** Create SDK keys and tokens. */
    MANAGE_TOKENS,
    /** Read the audit log. */
    READ_AUDIT,
    /** Read the client snapshot of one environment (SDK keys). */
    CLIENT_READ
}

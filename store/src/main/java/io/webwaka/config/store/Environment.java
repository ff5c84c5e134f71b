package io.webwaka.config.store;

/**
 * A stored environment of a project.
 *
 * @param id the surrogate id (stable across renames; item rows refer to it)
 * @param projectId the owning project's id
 * @param key the environment key (URL name), unique within the project
 * @param name the display name
 * @param isProtected whether changes need a role bound for this environment or project
 * @param position the place in the promotion chain (dev 0, staging 1, prod 2 …)
 */
public record Environment(long id, long projectId, String key, String name, boolean isProtected, int position) {}

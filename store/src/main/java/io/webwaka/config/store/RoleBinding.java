package io.webwaka.config.store;

/**
 * A role bound to a principal at a scope.
 *
 * @param role {@code admin}, {@code operator} or {@code viewer}
 * @param projectId the project it is bound to, or 0 for global
 * @param envId the environment it is bound to, or 0 for the whole project
 */
public record RoleBinding(String role, long projectId, long envId) {}

/**
 * Authentication and authorization: one mechanism, in one place.
 *
 * <ul>
 *   <li>{@link io.webwaka.config.server.access.SecuredRoutes} is the only way a route is registered:
 *       each declares its {@link io.webwaka.config.server.access.SecuredRoutes.Scope scope}
 *       (public, self, platform, project, environment, per-operation, client) and {@link
 *       io.webwaka.config.server.access.Permission permission}; its guard authenticates, resolves the
 *       path's project and environment, and asks {@link io.webwaka.config.server.access.AccessControl}
 *       before the handler runs.
 *   <li>{@link io.webwaka.config.server.access.AccessControl} authenticates API tokens, SDK keys and
 *       session cookies (with CSRF for changes), and decides: a permission is granted when a role
 *       binding of the principal covers the target and its role grants the permission in {@link
 *       io.webwaka.config.server.access.Roles} (the README's table). Denials and failed
 *       authentications are security events in the audit log.
 *   <li>{@link io.webwaka.config.server.access.AccountsApi} manages users, service accounts, roles
 *       and tokens; {@link io.webwaka.config.server.access.LoginApi} password logins (Argon2id via
 *       {@link io.webwaka.config.server.access.Passwords}), lockout and sessions.
 * </ul>
 *
 * <p>State lives in the store (accounts, bindings, token hashes, sessions, failure counts), so every
 * node sees a revocation, a role change or a lockout on its next request. Only the SDK key cache (5 s)
 * and the per-address login failure counter are per node.
 */
package io.webwaka.config.server.access;
